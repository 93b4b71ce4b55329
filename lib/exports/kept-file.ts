// The export's bytes on their way to storage, measured and hashed as they pass, so its record
// carries the size and checksum of exactly what was kept.
import "server-only";
import { createHash } from "node:crypto";
import type { ExportStorage } from "./storage";

export interface KeptFile {
  /** Writes the data to the stored file and returns it as bytes, to send the same ones on. */
  keep(data: string | Uint8Array): Promise<Uint8Array>;
  /** Makes the file durable under its key. */
  close(): Promise<void>;
  /** Removes the file, whether it was closed or not. */
  discard(): Promise<void>;
  readonly byteSize: number;
  sha256(): string;
}

export async function keptFile(storage: ExportStorage, key: string): Promise<KeptFile> {
  const writer = await storage.create(key);
  const hash = createHash("sha256");
  const encoder = new TextEncoder();
  let byteSize = 0;
  let stored = false;
  return {
    async keep(data) {
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      hash.update(bytes);
      byteSize += bytes.length;
      await writer.write(bytes);
      return bytes;
    },
    async close() {
      await writer.close();
      stored = true;
    },
    discard: () => (stored ? storage.remove(key) : writer.abort()),
    get byteSize() {
      return byteSize;
    },
    sha256: () => hash.digest("hex"),
  };
}
