// Where exported files are kept so they can be downloaded again exactly as first produced.
// Local disk by default; an S3-compatible store can implement the same interface later.
import "server-only";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { env } from "@/lib/env";

export interface StorageWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the file durable and visible under its key. */
  close(): Promise<void>;
  /** Throws the partial file away. */
  abort(): Promise<void>;
}

export interface ExportStorage {
  create(key: string): Promise<StorageWriter>;
  /** The stored bytes, or null when the key does not exist. */
  read(key: string): Promise<ReadableStream<Uint8Array> | null>;
  remove(key: string): Promise<void>;
}

const SAFE_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export function localDiskStorage(root: string): ExportStorage {
  const resolve = (key: string) => {
    if (!SAFE_KEY.test(key) || key.split("/").includes("..")) throw new Error(`Invalid storage key: ${key}`);
    return path.join(path.resolve(root), key);
  };
  return {
    async create(key) {
      const file = resolve(key);
      const partial = `${file}.partial`;
      await mkdir(path.dirname(file), { recursive: true });
      const stream = createWriteStream(partial, { flags: "wx" });
      const opened = new Promise<void>((ok, fail) => stream.once("open", () => ok()).once("error", fail));
      await opened;
      return {
        write: (chunk) => new Promise<void>((ok, fail) => stream.write(chunk, (error) => (error ? fail(error) : ok()))),
        async close() {
          await new Promise<void>((ok, fail) => stream.end((error?: Error | null) => (error ? fail(error) : ok())));
          await rename(partial, file);
        },
        async abort() {
          stream.destroy();
          await rm(partial, { force: true });
        },
      };
    },
    async read(key) {
      const file = resolve(key);
      try {
        await stat(file);
      } catch {
        return null;
      }
      return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    },
    async remove(key) {
      await rm(resolve(key), { force: true });
    },
  };
}

export function exportStorage(): ExportStorage {
  return localDiskStorage(env().EXPORT_DIR);
}
