import { z } from "zod";
import { periodParam } from "@/lib/usage/usage-query";

export const projectionQuery = z.object({ period: periodParam });
