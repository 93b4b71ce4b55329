import { existsSync } from "node:fs";

/** The Chromium the end-to-end suite drives: CHROMIUM_PATH, or Debian's package. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((candidate): candidate is string => !!candidate && existsSync(candidate)) ?? null;
}
