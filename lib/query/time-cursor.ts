import { z } from "zod";
import { isInstantInRange } from "./calendar-params";

/** An opaque cursor for lists ordered newest first by (time, id): stable while rows are added. */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

/** The cursor's schema; `id` is the shape of the list's ids, so a forged cursor is a 400. */
export function timeCursor(id: RegExp) {
  return z
    .string()
    .max(200)
    .transform((value, ctx) => {
      const [iso, cursorId] = Buffer.from(value, "base64url").toString("utf8").split("|");
      const at = new Date(iso ?? "");
      if (!cursorId || !id.test(cursorId) || !isInstantInRange(at)) {
        ctx.addIssue({ code: "custom", message: "must be a cursor returned by a previous page" });
        return z.NEVER;
      }
      return { at, id: cursorId };
    });
}
