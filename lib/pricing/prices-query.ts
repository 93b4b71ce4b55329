import { z } from "zod";
import { periodParam } from "@/lib/usage/usage-query";

/** GET /api/billing/prices takes only the workspace (checked by the route wrapper). */
export const pricesQuery = z.object({});

/** GET /api/billing/rate-card and /api/billing/invoice-preview: one workspace (checked by the wrapper) and a period. */
export const pricedPeriodQuery = z.object({ period: periodParam });
