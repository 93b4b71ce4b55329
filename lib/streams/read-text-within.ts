// A request body read as text, chunk by chunk, up to a limit. A chunked body declares no length,
// and reading it whole before measuring lets one request hold hundreds of MiB: past the limit
// the rest is not read.

/** The body as `request.text()` gives it (a BOM dropped, bad bytes replaced); `tooLarge()` past `maxBytes`. */
export async function readTextWithin(body: ReadableStream<Uint8Array> | null, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
