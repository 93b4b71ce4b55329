import { z } from "zod";

const MAX_BIGINT = 2n ** 63n - 1n;

/** `?limit=&cursor=` for lists ordered newest first by a bigint id. */
export const idCursorQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,19}$/, { error: "must be a cursor returned by a previous page", abort: true })
    .refine((value) => BigInt(value) <= MAX_BIGINT, "must be a cursor returned by a previous page")
    .optional(),
});

export type IdCursorQuery = z.output<typeof idCursorQuery>;

/** Fetch limit + 1 rows; the extra one only tells whether there is a next page. */
export function page<T extends { id: bigint }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null };
}
