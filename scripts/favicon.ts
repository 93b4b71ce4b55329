// npx tsx scripts/favicon.ts — writes public/icon.svg and public/favicon.ico (32×32) from one
// drawing, so the two stay the same picture. Deterministic: run it again after changing SHAPES.
import { writeFileSync } from "node:fs";

const SIZE = 32;
const ACCENT = [0x2f, 0x5b, 0xea] as const; // --accent in app/globals.css
const CORNER = 6;
/** Three rising bars (x, y, width, height) on the accent square: usage over time. */
const BARS = [
  [7, 17, 4, 8],
  [14, 12, 4, 13],
  [21, 7, 4, 18],
] as const;

function insideSquare(x: number, y: number): boolean {
  const dx = Math.max(CORNER - x, x - (SIZE - CORNER), 0);
  const dy = Math.max(CORNER - y, y - (SIZE - CORNER), 0);
  return dx * dx + dy * dy <= CORNER * CORNER;
}

function insideBar(x: number, y: number): boolean {
  return BARS.some(([bx, by, w, h]) => x >= bx && x < bx + w && y >= by && y < by + h);
}

function svg(): string {
  const hex = `#${ACCENT.map((c) => c.toString(16).padStart(2, "0")).join("")}`;
  const bars = BARS.map(([x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="#fff"/>`).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${SIZE} ${SIZE}"><rect width="${SIZE}" height="${SIZE}" rx="${CORNER}" fill="${hex}"/>${bars}</svg>\n`;
}

/** A 32-bit BGRA bitmap in an ICO container, each pixel sampled 4×4 for smooth corners. */
function ico(): Buffer {
  const pixels = Buffer.alloc(SIZE * SIZE * 4);
  for (let row = 0; row < SIZE; row++) {
    for (let col = 0; col < SIZE; col++) {
      let square = 0;
      let bar = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const x = col + (sx + 0.5) / 4;
          const y = row + (sy + 0.5) / 4;
          if (insideSquare(x, y)) {
            square++;
            if (insideBar(x, y)) bar++;
          }
        }
      }
      const white = square ? bar / square : 0;
      const [r, g, b] = ACCENT.map((c) => Math.round(c + (255 - c) * white));
      const offset = ((SIZE - 1 - row) * SIZE + col) * 4; // bitmaps are stored bottom-up
      pixels.set([b!, g!, r!, Math.round((square / 16) * 255)], offset);
    }
  }
  const andMask = Buffer.alloc((SIZE / 8) * SIZE); // all zero: the alpha channel decides
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(SIZE, 4);
  header.writeInt32LE(SIZE * 2, 8); // colour and mask, stacked
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + andMask.length, 20);
  const image = Buffer.concat([header, pixels, andMask]);
  const directory = Buffer.alloc(22);
  directory.writeUInt16LE(1, 2); // type: icon
  directory.writeUInt16LE(1, 4); // one image
  directory.writeUInt8(SIZE, 6);
  directory.writeUInt8(SIZE, 7);
  directory.writeUInt16LE(1, 10);
  directory.writeUInt16LE(32, 12);
  directory.writeUInt32LE(image.length, 14);
  directory.writeUInt32LE(directory.length, 18);
  return Buffer.concat([directory, image]);
}

writeFileSync("public/icon.svg", svg());
writeFileSync("public/favicon.ico", ico());
console.log("wrote public/icon.svg and public/favicon.ico");
