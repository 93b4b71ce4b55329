// The credentials sign-in as the browser makes it. next-auth's signIn() reads every answer as
// its own JSON ({ url }) and so fails on our 429 (the standard error body); this posts the same
// form and reads the status instead.
export type PasswordSignInResult =
  { kind: "signed_in" } | { kind: "refused" } | { kind: "throttled"; retryAfterSeconds: number } | { kind: "unavailable" };

export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<PasswordSignInResult> {
  try {
    const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
    const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
    if (!csrf.ok || !csrfToken) return { kind: "unavailable" };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl, json: "true" }),
    });
    if (response.ok) return { kind: "signed_in" };
    if (response.status === 401) return { kind: "refused" };
    if (response.status === 429) {
      const seconds = Number(response.headers.get("Retry-After"));
      return { kind: "throttled", retryAfterSeconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 60 };
    }
  } catch {
    // The network or the server failed: the same message as any unexpected answer.
  }
  return { kind: "unavailable" };
}

export function signInMessage(result: Exclude<PasswordSignInResult, { kind: "signed_in" }>): string {
  switch (result.kind) {
    case "refused":
      return "That email and password do not match an account. Check both and try again.";
    case "throttled": {
      const minutes = Math.ceil(result.retryAfterSeconds / 60);
      return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
    }
    case "unavailable":
      return "Sign-in is unavailable right now. Please try again in a moment.";
  }
}
