import { z } from "zod";

/** An opaque cursor for lists ordered newest first by (time, id): stable while rows are added. */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export const timeCursor = z
  .string()
  .max(200)
  .transform((value, ctx) => {
    const [iso, id] = Buffer.from(value, "base64url").toString("utf8").split("|");
    const at = new Date(iso ?? "");
    if (!id || Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: "custom", message: "must be a cursor returned by a previous page" });
      return z.NEVER;
    }
    return { at, id };
  });
