import { z } from "zod";
import { periodParam, productAreaList } from "@/lib/usage/usage-query";

export const projectionQuery = z.object({
  period: periodParam,
  productArea: productAreaList.optional().describe("Only these product areas (comma-separated keys); the totals are theirs."),
});
