// `npm run producer-keys -- …` (scripts/producer-keys.ts): parses the command, refuses bad input
// (ProducerKeyRefused, exit 2) before touching anything, and prints what it did. A new key is
// printed once and never again. `--by <staff email>` names the operator; without it the change is
// attributed to the OS account, labelled with BILLING_OPERATOR when set (as `npm run flags` does).
import "server-only";
import { parseArgs } from "node:util";
import { env, type Env } from "@/lib/env";
import { attribution, FlagRefused, osOperator } from "@/lib/rollout/change-flag";
import { createProducerKey, listProducerKeys, ProducerKeyRefused, revokeProducerKey, rotateProducerKey } from "./manage-producer-keys";
import type { ProducerKeyResponse } from "./producer-key-response";

export const PRODUCER_KEYS_USAGE = `Usage: npm run producer-keys -- create --name <name> --areas <a,b|all> --workspaces <ids|all> [--expires <days>] [--by <staff email>]
       npm run producer-keys -- list
       npm run producer-keys -- revoke <name> [--by <staff email>]
       npm run producer-keys -- rotate <name> [--overlap <hours>] [--by <staff email>]   (default overlap 24 h; 0 cuts the old key off now)
Without --by a change is attributed to the OS account, labelled with BILLING_OPERATOR if set.`;

const DEFAULT_OVERLAP_HOURS = 24;
const MAX_DAYS = 3650;
const MAX_OVERLAP_HOURS = 24 * 30;

function refuse(message: string): never {
  throw new ProducerKeyRefused(`${message}\n${PRODUCER_KEYS_USAGE}`);
}

function wholeNumber(value: string, what: string, min: number, max: number): number {
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > max)
    refuse(`${what} must be a whole number from ${min} to ${max}.`);
  return Number(value);
}

function scopeList(value: string | undefined, what: string): "all" | string[] {
  if (value === undefined) refuse(`Say which ${what} the key may write: --${what} <list|all>.`);
  if (value.trim() === "all") return "all";
  const items = value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) refuse(`--${what} needs a comma-separated list or all.`);
  return items;
}

const scopeText = (value: "all" | string[]) => (value === "all" ? "all" : value.join(","));

function describe(p: ProducerKeyResponse): string {
  const state = p.revokedAt ? `revoked ${p.revokedAt}` : p.expiresAt ? `expires ${p.expiresAt}` : "no expiry";
  const overlap = p.previousKeyExpiresAt && !p.revokedAt ? `; previous key until ${p.previousKeyExpiresAt}` : "";
  const used = p.lastUsedAt ? `last used ${p.lastUsedAt} from ${p.lastUsedAddress ?? "unknown address"}` : "never used";
  return `${p.name}  ${p.prefix}…  areas=${scopeText(p.areas)}  workspaces=${scopeText(p.workspaces)}  created ${p.createdAt} by ${p.createdBy}  ${state}${overlap}  ${used}`;
}

const ONCE = "Store it now in the producer's secret store: it is shown only this once (only its hash is kept).";

/** Runs one command; returns the lines to print. `settings` is the environment (lib/env.ts). */
export async function producerKeysCommand(
  argv: readonly string[],
  settings: Pick<Env, "BILLING_OPERATOR"> = env(),
  now = new Date(),
): Promise<string[]> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        name: { type: "string" },
        areas: { type: "string" },
        workspaces: { type: "string" },
        expires: { type: "string" },
        overlap: { type: "string" },
        by: { type: "string" },
      },
    });
  } catch (error) {
    refuse((error as Error).message);
  }
  const { values } = parsed;
  const [command, name, ...extra] = parsed.positionals;
  const misplaced = (options: (keyof typeof values)[]) => {
    const given = options.filter((option) => values[option] !== undefined);
    if (given.length) refuse(`--${given.join(", --")} does not go with ${command}.`);
  };
  if (extra.length) refuse(`Unexpected ${extra.join(" ")}.`);
  const by = async () => {
    try {
      return await attribution(values.by, osOperator(settings.BILLING_OPERATOR));
    } catch (error) {
      throw error instanceof FlagRefused ? new ProducerKeyRefused(error.message) : error;
    }
  };
  switch (command) {
    case "create": {
      if (name !== undefined) refuse(`create takes --name, not ${name}.`);
      misplaced(["overlap"]);
      if (values.name === undefined) refuse("Name the producer: --name <name>.");
      const input = {
        name: values.name,
        areas: scopeList(values.areas, "areas"),
        workspaces: scopeList(values.workspaces, "workspaces"),
        ...(values.expires !== undefined && { expiresInDays: wholeNumber(values.expires, "--expires", 1, MAX_DAYS) }),
      };
      const { key, producer } = await createProducerKey(input, await by(), now);
      return [`Created producer key ${producer.name} (audited, by ${producer.createdBy}):`, `  ${key}`, ONCE, describe(producer)];
    }
    case "list": {
      if (name !== undefined) refuse(`list takes no name.`);
      misplaced(["name", "areas", "workspaces", "expires", "overlap", "by"]);
      const keys = await listProducerKeys();
      return keys.length ? keys.map(describe) : ["No producer keys (METERING_INGEST_TOKEN is the only producer)."];
    }
    case "revoke": {
      if (name === undefined) refuse("Name the key to revoke.");
      misplaced(["name", "areas", "workspaces", "expires", "overlap"]);
      const producer = await revokeProducerKey(name, await by(), now);
      return [`Revoked ${producer.name} (audited): refused from every process's next request.`, describe(producer)];
    }
    case "rotate": {
      if (name === undefined) refuse("Name the key to rotate.");
      misplaced(["name", "areas", "workspaces", "expires"]);
      const overlap = values.overlap === undefined ? DEFAULT_OVERLAP_HOURS : wholeNumber(values.overlap, "--overlap", 0, MAX_OVERLAP_HOURS);
      const { key, producer } = await rotateProducerKey(name, overlap, await by(), now);
      return [
        `Rotated ${producer.name} (audited); the old key ${overlap > 0 ? `works until ${producer.previousKeyExpiresAt}` : "no longer works"}:`,
        `  ${key}`,
        ONCE,
        describe(producer),
      ];
    }
    default:
      refuse(`Unknown command ${command ?? "(none)"}.`);
  }
}
