import { z } from "zod";

/** GET /api/billing/prices takes only the workspace (checked by the route wrapper). */
export const pricesQuery = z.object({});
