import "server-only";
import { db } from "@/lib/db";

export async function listProductAreas() {
  return db().productArea.findMany({ select: { key: true, displayName: true, unit: true }, orderBy: { displayName: "asc" } });
}
