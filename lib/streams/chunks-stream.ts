// A response body made of byte chunks held elsewhere (a cached report), sent as they are. A
// Response built from one Buffer copies it (undici's extractBody), and joining the chunks first
// copies them again: two allocations of the whole body per response, which the garbage collector
// then pays for.
/** The chunks as a stream. A default stream, not a byte stream: readers never take (detach) the chunks' memory. */
export function chunksStream(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });
}
