import { describe, expect, it } from "vitest";
import { progress } from "@/scripts/progress";

function stream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe("progress on stderr", () => {
  it("redraws one line in place on a terminal", () => {
    const { writes, stream: s } = stream(true);
    const bar = progress("rows", 4, s);
    bar.update(1);
    bar.update(2, "half");
    bar.done();
    expect(writes[1]).toMatch(/^\r\[#{15}-{15}\] rows 2\/4 {2}50% \d+s half\x1b\[K$/);
    expect(writes.at(-1)).toMatch(/^\rrows 4\/4 100% \d+s\x1b\[K\n$/);
  });

  it("writes whole lines, a few seconds apart, elsewhere", () => {
    const { writes, stream: s } = stream(false);
    const bar = progress("rows", 1000, s);
    for (let i = 1; i < 1000; i++) bar.update(i);
    bar.done();
    expect(writes).toEqual([expect.stringMatching(/^rows 1\/1000 {3}0% \d+s\n$/), expect.stringMatching(/^rows 1000\/1000 100% \d+s\n$/)]);
  });
});
