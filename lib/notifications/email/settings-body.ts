// The body of PUT /api/billing/notifications/email: every choice, stated in full.
import { z } from "zod";

export const emailSettingsBody = z
  .object({
    emailAdmins: z.boolean().describe("E-mail the workspace's admins"),
    emailFinance: z.boolean().describe("E-mail its finance members too"),
    dailyDigest: z.boolean().describe("Besides the immediate e-mails, one digest a day of every alert of the workspace's day before"),
  })
  .strict();
export type EmailSettingsBody = z.output<typeof emailSettingsBody>;
