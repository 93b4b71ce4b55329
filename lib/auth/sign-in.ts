// One credentials sign-in: throttle (lib/auth/sign-in-throttle.ts), then the password check,
// then the audit row for a refusal. Unknown accounts take exactly the same path as a known one
// tried from a browser that never signed in to it, so the answer and its timing say nothing
// about whether an account exists.
import "server-only";
import { z } from "zod";
import type { RequestContext } from "@/lib/access/domain-context";
import { recordAuditEvents, type AuditAction } from "@/lib/audit/record-audit-event";
import { authenticate, type AuthenticatedUser } from "./authenticate";
import { deviceKnowing, type KnownDevice } from "./known-device";
import { reserveAttempt, settleAttempt } from "./sign-in-throttle";

export type SignInOutcome =
  { kind: "signed_in"; user: AuthenticatedUser } | { kind: "refused" } | { kind: "throttled"; retryAfterSeconds: number };

// Only to name the attempt in the throttle and the audit trail; authenticate() validates.
const attemptedEmail = z.object({ email: z.string().max(320).catch("") }).catch({ email: "" });

/** `device`: the browser's known-device cookie, if it carried a valid one (lib/auth/known-device.ts). */
export async function signInWithCredentials(
  credentials: unknown,
  context: RequestContext,
  device: KnownDevice | null,
): Promise<SignInOutcome> {
  const email = attemptedEmail.parse(credentials).email.trim().toLowerCase();
  const attempt = { email, ip: context.ip, knownDeviceId: deviceKnowing(device, email) };
  const reservation = await reserveAttempt(attempt);
  if (!reservation.allowed) {
    await audit("auth.signin.throttled", email, context, { retryAfterSeconds: reservation.retryAfterSeconds });
    return { kind: "throttled", retryAfterSeconds: reservation.retryAfterSeconds };
  }
  const user = await authenticate(credentials);
  await settleAttempt(attempt, user !== null);
  if (!user) {
    await audit("auth.signin.refused", email, context);
    return { kind: "refused" };
  }
  return { kind: "signed_in", user };
}

function audit(action: AuditAction, email: string, context: RequestContext, metadata: Record<string, number> = {}) {
  // No actor, no workspace: nobody is signed in. The email tried is named, never the password.
  return recordAuditEvents([{ actor: null, workspaceId: null, action, target: { email }, context, metadata }]);
}
