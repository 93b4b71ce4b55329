export function csvResponse(stream: ReadableStream<Uint8Array>, filename: string, headers: Record<string, string> = {}): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
      ...headers,
    },
  });
}
