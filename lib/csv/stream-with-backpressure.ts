// A ReadableStream fed by an async producer that waits while the reader is behind, so memory
// stays flat however large the export. Cancelling (client gone) makes the next emit throw.
export class StreamCancelled extends Error {
  override name = "StreamCancelled";
}

export function streamWithBackpressure(
  produce: (emit: (chunk: Uint8Array) => Promise<void>) => Promise<void>,
  highWaterMark = 8,
): ReadableStream<Uint8Array> {
  let cancelled = false;
  let wake: (() => void) | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const emit = async (chunk: Uint8Array) => {
          if (cancelled) throw new StreamCancelled("the reader went away");
          controller.enqueue(chunk);
          while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (wake = resolve));
          if (cancelled) throw new StreamCancelled("the reader went away");
        };
        // Not awaited: the response starts while the producer runs.
        void produce(emit).then(
          () => !cancelled && controller.close(),
          (error) => !cancelled && controller.error(error),
        );
      },
      pull: signal,
      cancel() {
        cancelled = true;
        signal();
      },
    },
    new CountQueuingStrategy({ highWaterMark }),
  );
}
