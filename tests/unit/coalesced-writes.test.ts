import { describe, expect, it } from "vitest";
import { coalescedWriter } from "@/lib/db/coalesced-writes";

/** A write that records each batch and completes only when the test lets it. */
function controlledWrite({ failOn }: { failOn?: (item: number) => boolean } = {}) {
  const batches: number[][] = [];
  const pending: Array<() => void> = [];
  const write = (items: number[]) =>
    new Promise<void>((resolve, reject) => {
      batches.push(items);
      pending.push(() => (items.some((item) => failOn?.(item)) ? reject(new Error(`bad item in ${items.join(",")}`)) : resolve()));
    });
  const finishAll = async () => {
    while (pending.length) {
      pending.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { write, batches, finishAll };
}

describe("coalescedWriter", () => {
  it("writes a lone item at once and carries the ones submitted meanwhile in the next write", async () => {
    const { write, batches, finishAll } = controlledWrite();
    const writer = coalescedWriter(write);
    const settled: number[] = [];
    const first = writer.submit(1).then(() => settled.push(1));
    expect(batches).toEqual([[1]]);
    const rest = [2, 3, 4].map((n) => writer.submit(n).then(() => settled.push(n)));
    expect(batches).toEqual([[1]]);
    expect(settled).toEqual([]);
    await finishAll();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it("resolves no caller before the write that carries its item completes", async () => {
    const { write, batches } = controlledWrite();
    const writer = coalescedWriter(write);
    let done = false;
    void writer.submit(1).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1]]);
    expect(done).toBe(false);
  });

  it("splits a long queue into writes of at most maxItems", async () => {
    const { write, batches, finishAll } = controlledWrite();
    const writer = coalescedWriter(write, { maxItems: 2 });
    const all = [1, 2, 3, 4, 5].map((n) => writer.submit(n));
    await finishAll();
    await Promise.all(all);
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it("fails only the caller whose item is bad, after retrying the batch's items one by one", async () => {
    const { write, batches, finishAll } = controlledWrite({ failOn: (n) => n === 3 });
    const writer = coalescedWriter(write);
    const outcomes = [1, 2, 3, 4].map((n) =>
      writer.submit(n).then(
        () => `${n} ok`,
        (error: Error) => `${n} failed: ${error.message}`,
      ),
    );
    await finishAll();
    expect(await Promise.all(outcomes)).toEqual(["1 ok", "2 ok", "3 failed: bad item in 3", "4 ok"]);
    expect(batches).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it("keeps working after a failed write", async () => {
    const { write, finishAll } = controlledWrite({ failOn: (n) => n === 1 });
    const writer = coalescedWriter(write);
    const failed = writer.submit(1).catch((error: Error) => error.message);
    await finishAll();
    expect(await failed).toBe("bad item in 1");
    const next = writer.submit(2);
    await finishAll();
    await expect(next).resolves.toBeUndefined();
  });
});
