export function csvResponse(stream: ReadableStream<Uint8Array>, filename: string, headers: Record<string, string> = {}): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition(filename),
      "cache-control": "no-store",
      ...headers,
    },
  });
}

/**
 * An attachment header that cannot be broken out of: a plain-ASCII fallback name, and the real
 * name percent-encoded (RFC 6266 / RFC 5987) for browsers that read it.
 */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^A-Za-z0-9._+-]/g, "_");
  if (ascii === filename) return `attachment; filename="${filename}"`;
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
