// The response contract of GET /api/workspaces. Field names are a public contract: add, never rename.
import { z } from "zod";
import { PERMISSIONS } from "@/lib/access/permissions";
import { MembershipRole } from "@/lib/db/generated/enums";

export const workspaceSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  billingAnchorDay: z.number().int(),
  role: z.enum([...Object.values(MembershipRole), "SUPPORT"]),
  permissions: z.array(z.enum(PERMISSIONS)),
  billingDashboard: z
    .boolean()
    .describe("Whether the billing dashboard and its APIs are released for this workspace to the caller; when false they answer 404"),
});

export const workspacesResponseSchema = z.object({
  workspaces: z.array(workspaceSummarySchema),
  total: z.number().int().optional().describe("Number of matches; present when `limit` was given"),
});

export type WorkspaceSummary = z.infer<typeof workspaceSummarySchema>;
export type WorkspacesResponse = z.infer<typeof workspacesResponseSchema>;
