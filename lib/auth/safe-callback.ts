// Where to send someone after sign-in: a path on this site, never another origin.
const FALLBACK = "/workspaces";
const BASE = "http://this-site.invalid";

export function safeCallbackPath(value: string | string[] | undefined): string {
  const target = Array.isArray(value) ? value[0] : value;
  if (!target?.startsWith("/")) return FALLBACK;
  // Browsers read "/\host", "/\t/host" and the like as another origin: judge the path as a browser
  // would resolve it, and hand back the resolved form.
  let url: URL;
  try {
    url = new URL(target, BASE);
  } catch {
    return FALLBACK;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === BASE && !path.startsWith("//") ? path : FALLBACK;
}

/** The same, also for an absolute URL on `origin` (next-auth's own forms send those). */
export function safeCallbackOn(value: string | undefined, origin: string): string {
  const path = value?.startsWith(`${origin}/`) ? value.slice(origin.length) : value;
  return safeCallbackPath(path);
}
