// The listing's opaque cursor: the last row's (severity, createdAt, id), the listing's order.
import { ApiError } from "@/lib/errors/api-error";
import { SEVERITIES, type Severity } from "./finding";

export interface AnomalyCursor {
  severity: Severity;
  createdAt: Date;
  id: string;
}

export const encodeCursor = (c: AnomalyCursor) =>
  Buffer.from(JSON.stringify([c.severity, c.createdAt.toISOString(), c.id])).toString("base64url");

export function decodeCursor(text: string): AnomalyCursor {
  const refused = new ApiError("bad_request", "Invalid query: cursor must be a cursor returned by a previous page", [
    { field: "cursor", message: "must be a cursor returned by a previous page" },
  ]);
  try {
    const [severity, createdAt, id] = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as unknown[];
    const at = new Date(String(createdAt));
    if (!SEVERITIES.includes(severity as Severity) || Number.isNaN(at.getTime()) || typeof id !== "string") throw refused;
    return { severity: severity as Severity, createdAt: at, id };
  } catch {
    throw refused;
  }
}
