// The response contract of GET and PUT /api/billing/notifications/email. Field names are a public
// contract: add, never rename.
import { z } from "zod";

export const emailSettingsResponseSchema = z.object({
  workspaceId: z.string(),
  emailAdmins: z.boolean().describe("The workspace's admins get the e-mails"),
  emailFinance: z.boolean().describe("Its finance members get them too"),
  dailyDigest: z.boolean().describe("One digest a day of every alert of the workspace's day before, besides the immediate e-mails"),
  smtpConfigured: z.boolean().describe("false: this server has no SMTP_URL, so no e-mail is sent whatever the choices"),
  recipients: z.array(z.string()).describe("The addresses the choices reach now (members with those roles), in order"),
  updatedAt: z.string().nullable().describe("When the choices were last set; null: never set, these are the defaults"),
});
export type EmailSettingsResponse = z.infer<typeof emailSettingsResponseSchema>;
