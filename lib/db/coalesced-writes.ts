// Group commit for small, independent writes (one audit row per billing read). While one write is
// in flight, the items submitted meanwhile wait and then go out together in the next one: under
// load a single statement and commit carries many requests' rows, and alone an item is written
// at once. Every caller still learns its own outcome only after its rows are committed.

export interface CoalescedWriter<T> {
  /** Resolves once the item is committed; rejects with the error of the write that carried it. */
  submit(item: T): Promise<void>;
}

interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function coalescedWriter<T>(write: (items: T[]) => Promise<void>, { maxItems = 500 } = {}): CoalescedWriter<T> {
  let queue: Waiting<T>[] = [];
  let writing = false;

  async function writeOrIsolate(batch: Waiting<T>[]): Promise<void> {
    try {
      await write(batch.map((w) => w.item));
      for (const w of batch) w.resolve();
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      // One bad item must not fail the requests it happened to travel with.
      await Promise.all(batch.map((w) => writeOrIsolate([w])));
    }
  }

  async function drain(): Promise<void> {
    writing = true;
    while (queue.length > 0) {
      const batch = queue.length <= maxItems ? queue : queue.slice(0, maxItems);
      queue = queue.length <= maxItems ? [] : queue.slice(maxItems);
      await writeOrIsolate(batch);
    }
    writing = false;
  }

  return {
    submit(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
