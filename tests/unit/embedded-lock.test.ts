import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DatabaseInUseError, lockEmbeddedDataDir } from "@/lib/db/embedded-lock";

describe("embedded database lock", () => {
  it("refuses a second owner while the first process is alive", async () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "lock-")), "db");
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      writeFileSync(`${dir}.lock`, String(holder.pid));
      expect(() => lockEmbeddedDataDir(dir)).toThrow(DatabaseInUseError);
      expect(() => lockEmbeddedDataDir(dir)).toThrow(new RegExp(`in use by process ${holder.pid}`));
    } finally {
      holder.kill("SIGKILL");
    }
  });

  it("takes over a lock left by a dead process, and releases it", () => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), "lock-")), "nested", "db");
    writeFileSync(path.join(path.dirname(path.dirname(dir)), "placeholder"), "");
    const release = lockEmbeddedDataDir(dir);
    release();
    writeFileSync(`${dir}.lock`, "999999999");
    const releaseAgain = lockEmbeddedDataDir(dir);
    expect(existsSync(`${dir}.lock`)).toBe(true);
    releaseAgain();
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });
});
