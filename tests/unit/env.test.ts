import { describe, expect, it } from "vitest";
import { DEMO_INGEST_TOKEN, EnvError, parseEnv } from "@/lib/env";

const productionSecrets = {
  NEXTAUTH_SECRET: "x".repeat(40),
  NEXTAUTH_URL: "https://billing.example.com",
  METERING_INGEST_TOKEN: "t".repeat(32),
  METRICS_TOKEN: "m".repeat(32),
  NOTIFICATIONS_KEY: Buffer.alloc(32, 7).toString("base64"),
};

describe("environment validation", () => {
  it("refuses to start in production without the session secret, naming it", () => {
    const { NEXTAUTH_SECRET: _omitted, ...rest } = productionSecrets;
    expect(() => parseEnv({ NODE_ENV: "production", ...rest })).toThrow(EnvError);
    expect(() => parseEnv({ NODE_ENV: "production", ...rest })).toThrow(/NEXTAUTH_SECRET is required in production/);
  });

  it("lists every missing production setting at once", () => {
    let message = "";
    try {
      parseEnv({ NODE_ENV: "production" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Invalid environment configuration");
    for (const key of Object.keys(productionSecrets)) expect(message).toContain(key);
  });

  it("rejects a short secret and a non-postgres database URL with readable reasons", () => {
    expect(() => parseEnv({ ...productionSecrets, NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toThrow(
      /NEXTAUTH_SECRET must be at least 32 characters/,
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://localhost/db" })).toThrow(/DATABASE_URL must be a postgres/);
  });

  it("binds the worker's metrics to loopback unless WORKER_METRICS_HOST names another address", () => {
    expect(parseEnv({}).WORKER_METRICS_HOST).toBe("127.0.0.1");
    expect(parseEnv({ WORKER_METRICS_HOST: "0.0.0.0" }).WORKER_METRICS_HOST).toBe("0.0.0.0");
    expect(parseEnv({ WORKER_METRICS_HOST: "::1" }).WORKER_METRICS_HOST).toBe("::1");
    expect(parseEnv({ WORKER_METRICS_HOST: "worker-1.internal" }).WORKER_METRICS_HOST).toBe("worker-1.internal");
    expect(() => parseEnv({ WORKER_METRICS_HOST: "http://0.0.0.0:9464" })).toThrow(
      /WORKER_METRICS_HOST must be an IP address or a host name/,
    );
  });

  it("accepts a complete production configuration and uses its secrets", () => {
    const env = parseEnv({ NODE_ENV: "production", ...productionSecrets });
    expect(env.authSecret).toBe(productionSecrets.NEXTAUTH_SECRET);
    expect(env.ingestToken).toBe(productionSecrets.METERING_INGEST_TOKEN);
  });

  it("falls back to a generated secret and the documented ingest token only in demo mode", () => {
    const env = parseEnv({ NODE_ENV: "production", DEMO_MODE: "1" });
    expect(env.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(env.ingestToken).toBe(DEMO_INGEST_TOKEN);
  });

  it("uses the embedded database unless DATABASE_URL is set", () => {
    expect(parseEnv({}).DATABASE_URL).toBeUndefined();
    expect(parseEnv({}).PGLITE_DIR).toBe(".data/pglite");
    expect(parseEnv({ DATABASE_URL: "postgresql://u@127.0.0.1:5432/db" }).DATABASE_URL).toContain("127.0.0.1");
  });

  it("migrates through DATABASE_URL unless MIGRATION_DATABASE_URL names the owner role, which needs DATABASE_URL", () => {
    const app = "postgresql://billing_app_login@db:5432/billing";
    const owner = "postgresql://billing_owner@db:5432/billing";
    expect(parseEnv({ NODE_ENV: "test", DATABASE_URL: app }).MIGRATION_DATABASE_URL).toBe(app);
    expect(parseEnv({ NODE_ENV: "test", DATABASE_URL: app, MIGRATION_DATABASE_URL: owner }).MIGRATION_DATABASE_URL).toBe(owner);
    expect(() => parseEnv({ NODE_ENV: "test", MIGRATION_DATABASE_URL: owner })).toThrow(/MIGRATION_DATABASE_URL needs DATABASE_URL/);
    expect(() => parseEnv({ NODE_ENV: "test", DATABASE_URL: app, MIGRATION_DATABASE_URL: "mysql://x" })).toThrow(
      /MIGRATION_DATABASE_URL must be a postgres/,
    );
  });
});
