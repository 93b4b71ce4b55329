// The process's one pino logger: JSON lines in production, pretty in development. Secrets and
// event payloads are redacted wherever they appear in a logged object (tests/integration/logging.test.ts).
import "server-only";
import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";
import { env } from "@/lib/env";

const SECRET_KEYS = ["authorization", "cookie", "set-cookie", "password", "newPassword", "token", "csrfToken", "secret", "payload"];

/** Top level, one level down (`headers.cookie`) and two (`req.headers.cookie`). */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const tail = name.startsWith("[") ? name : `.${name}`;
  return [name, `*${tail}`, `*.*${tail}`];
});

export function createLogger(destination?: DestinationStream, level?: string): Logger {
  const { NODE_ENV, LOG_LEVEL } = env();
  const options = {
    level: level ?? LOG_LEVEL ?? "info",
    base: { pid: process.pid },
    // The key every line had before pino (and what log searches and tests look for).
    messageKey: "message",
    redact: { paths: REDACTED_PATHS, censor: "[Redacted]" },
    serializers: { err: pino.stdSerializers.err },
  };
  if (destination) return pino(options, destination);
  if (NODE_ENV === "development") return pino(options, pretty({ sync: true, colorize: true }));
  return pino(options);
}

const globalForLog = globalThis as unknown as { billingLogger?: Logger };

export function logger(): Logger {
  return (globalForLog.billingLogger ??= createLogger());
}

/** Tests: send the process's log lines to `destination` (undefined restores the default). */
export function useLogDestination(destination: DestinationStream | undefined, level = "info"): void {
  globalForLog.billingLogger = destination ? createLogger(destination, level) : undefined;
}

/** A child logger for one part of the system (`component` on every line). */
export function componentLogger(component: string): Logger {
  return logger().child({ component });
}

/** The `log(fields)` callback shape the job registry and the NATS source take, as pino lines. */
export function fieldLogger(component: string): (fields: Record<string, unknown>) => void {
  return ({ level, message, ...fields }) => {
    const log = logger().child({ component });
    const method = typeof level === "string" && level in LEVELS ? (level as keyof typeof LEVELS) : "info";
    log[method](fields, typeof message === "string" ? message : "");
  };
}

const LEVELS = { fatal: 1, error: 1, warn: 1, info: 1, debug: 1, trace: 1 };
