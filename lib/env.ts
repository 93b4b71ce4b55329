// Environment, validated with zod once, on first use (the server validates it at start-up in
// instrumentation.ts). Only the server reads this module.
import "server-only";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DEMO_MODE: flag,
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
    /** The owner role's connection, for `npm run db:migrate` only; DATABASE_URL when unset. */
    MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// or postgresql:// URL" }).optional(),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    /** PostgreSQL connections per process (readers, ingest and the in-process consumer share them). */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(20),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    NEXTAUTH_URL: z.url().optional(),
    METERING_INGEST_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    /** inline: the app process runs the consumer (required for the embedded database); off: only `npm run worker` does. */
    METERING_CONSUMER: z.enum(["inline", "off"]).default("inline"),
    /**
     * ingest: each request adds its events to the read model in its own transaction (decision 0108);
     * consumer: ingest queues them and the consumer applies them (the earlier design, kept for
     * producers that hammer one workspace's day from many connections at once).
     */
    METERING_APPLY: z.enum(["ingest", "consumer"]).default("ingest"),
    METERING_BATCH_SIZE: z.coerce.number().int().min(1).max(50_000).default(5000),
    METERING_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(200),
    /** Hours after a period ends during which its events are ordinary usage, not late adjustments. */
    METERING_GRACE_HOURS: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 31)
      .default(48),
    /** Days raw events are kept after arrival: at least the 35-day backdating limit plus a day. */
    METERING_RETENTION_DAYS: z.coerce.number().int().min(36).max(3650).default(40),
    /** Audit rows older than this are purged by the retention job (the database refuses under 90). */
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(90).max(36_500).default(400),
    /** Where CSV exports are kept, so each can be downloaded again exactly as produced. */
    EXPORT_DIR: z.string().min(1).default(".data/exports"),
    /** When set, events are also consumed from this NATS JetStream server. */
    NATS_URL: z.string().min(1).optional(),
    /**
     * Reverse proxies in front of the app that append to X-Forwarded-For: the audited client
     * address is the entry this many places from the right (the one the outermost proxy saw).
     * 0 (the default, as `npm run demo` serves): no proxy, the socket's address is recorded.
     */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /**
     * false: recording metrics is a no-op (counters and histograms stay at zero; scrape-time gauges
     * still answer). For measuring what recording costs on the hot paths (bench:api, bench:ingest).
     */
    METRICS_ENABLED: z
      .enum(["1", "0", "true", "false"])
      .default("true")
      .transform((value) => value === "1" || value === "true"),
    /** Bearer token for GET /api/metrics: required in production, open when unset outside it or in demo mode. */
    METRICS_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    /** `npm run worker` serves GET /metrics on this port (unset: no metrics server). */
    WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    /**
     * The address the worker's /metrics listens on: loopback unless set (0.0.0.0 or a private
     * interface's address for a scraper on another host; METRICS_TOKEN is required there too).
     */
    WORKER_METRICS_HOST: z
      .union([z.ipv4(), z.ipv6(), z.hostname()], { error: "must be an IP address or a host name" })
      .default("127.0.0.1"),
    /** pino's level; "silent" turns logging off (vitest.config.ts does, for the test processes). Default info. */
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
    /** GET /api/health/ready fails when the oldest unapplied event is older than this. */
    READINESS_MAX_LAG_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /**
     * 32 random bytes, base64: encrypts webhook signing secrets at rest. Required in production;
     * elsewhere a generated one is kept in the git-ignored data folder.
     */
    NOTIFICATIONS_KEY: z
      .string()
      .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 bytes, base64 (openssl rand -base64 32)")
      .optional(),
    /**
     * Host names (comma-separated) a webhook may point at even though they resolve to a private or
     * loopback address (an internal receiver). Demo mode allows every host.
     */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((host) => host.trim().toLowerCase())
          .filter(Boolean),
      ),
    /** Where notification e-mails go out (smtp://user:pass@host:587 or smtps://…); unset: no e-mail. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }).optional(),
    /** The From of notification e-mails. */
    SMTP_FROM: z.string().min(3).default("Billing alerts <billing-alerts@localhost>"),
    /** A label for who runs `npm run flags` without `--by`, audited beside the OS account (e.g. release-bot). */
    BILLING_OPERATOR: z.string().trim().min(1).max(200).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MIGRATION_DATABASE_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["MIGRATION_DATABASE_URL"],
        message: "needs DATABASE_URL (the embedded database has one role)",
      });
    }
    if (env.NODE_ENV !== "production" || env.DEMO_MODE) return;
    for (const key of ["NEXTAUTH_SECRET", "NEXTAUTH_URL", "METERING_INGEST_TOKEN", "METRICS_TOKEN", "NOTIFICATIONS_KEY"] as const) {
      if (!env[key]) {
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: "is required in production (set DEMO_MODE=1 only for a local demo)",
        });
      }
    }
  });

export type Env = z.infer<typeof envSchema> & {
  /** The secret that signs session tokens: NEXTAUTH_SECRET, or a generated local one outside production. */
  authSecret: string;
  /** The bearer token metering producers send; a fixed, documented one in demo mode. */
  ingestToken: string;
  /** The key that encrypts webhook secrets: NOTIFICATIONS_KEY, or a generated local one outside production. */
  notificationsKey: Buffer;
};

export class EnvError extends Error {
  override name = "EnvError";
}

export const DEMO_INGEST_TOKEN = "demo-ingest-token";
const LOCAL_SECRET_FILE = ".data/local-auth-secret";
const LOCAL_NOTIFICATIONS_KEY_FILE = ".data/local-notifications-key";

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set" (as in `DATABASE_URL= npm test`).
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")} ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return {
    ...env,
    MIGRATION_DATABASE_URL: env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL,
    authSecret: env.NEXTAUTH_SECRET ?? readOrCreateLocalSecret(LOCAL_SECRET_FILE, "base64url"),
    ingestToken: env.METERING_INGEST_TOKEN ?? DEMO_INGEST_TOKEN,
    notificationsKey: Buffer.from(env.NOTIFICATIONS_KEY ?? readOrCreateLocalSecret(LOCAL_NOTIFICATIONS_KEY_FILE, "base64"), "base64"),
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** A random secret kept in the git-ignored data folder, so local sessions survive restarts. */
function readOrCreateLocalSecret(name: string, encoding: "base64" | "base64url"): string {
  const file = path.resolve(name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString(encoding);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
