// `npm run flags -- …` (scripts/flags.ts): parses the command, refuses bad input (FlagRefused, exit
// 2) before touching anything, and prints what it did. `--by <staff email>` is optional here: without
// it the change is attributed to the OS account the command runs as, labelled with BILLING_OPERATOR
// when set (docs/decisions/0071-flags-cli-attribution.md).
import "server-only";
import { parseArgs } from "node:util";
import { systemDb } from "@/lib/db";
import { env, type Env } from "@/lib/env";
import { attribution, changeFlag, describeAttribution, FlagRefused, osOperator, type FlagChange } from "./change-flag";
import { readFlags } from "./flag-store";
import { enabledRule, FLAG_KEYS, FLAG_MODES, flagOn, isFlagKey, isFlagMode, type FlagKey, type FlagState } from "./flags";

export const FLAGS_USAGE = `Usage: npm run flags -- set <flag> <off|internal|cohort|on> [percent]   (percent only, and always, with cohort)
       npm run flags -- allow|deny <flag> <workspace slug or id>... [--remove]
       npm run flags -- unallow|undeny <flag> <workspace slug or id>...
       npm run flags -- show [flag]
Options: --by <staff email> (otherwise the change is attributed to the OS account, labelled with BILLING_OPERATOR if set)
Flags: ${FLAG_KEYS.join(", ")}`;

const LIST_COMMANDS = ["allow", "deny", "unallow", "undeny"] as const;

function refuse(message: string): never {
  throw new FlagRefused(`${message}\n${FLAGS_USAGE}`);
}

function flagKey(value: string | undefined): FlagKey {
  if (value === undefined) refuse("Name the flag.");
  if (!isFlagKey(value)) refuse(`Unknown flag ${value}.`);
  return value;
}

function parsedChange(command: string, rest: string[], remove: boolean): FlagChange {
  if (command === "set") {
    const [mode, percent, ...extra] = rest;
    if (mode === undefined || !isFlagMode(mode)) refuse(`The mode must be one of ${FLAG_MODES.join(", ")}.`);
    if (extra.length) refuse(`Unexpected ${extra.join(" ")}.`);
    if (mode !== "cohort") {
      if (percent !== undefined) refuse(`A percentage goes only with cohort, not ${mode}.`);
      return { kind: "set", mode };
    }
    if (percent === undefined || !/^\d{1,3}$/.test(percent) || Number(percent) > 100)
      refuse("cohort needs a whole percentage from 0 to 100.");
    return { kind: "set", mode, percentage: Number(percent) };
  }
  if (rest.length === 0) refuse(`Name the workspaces to ${command}.`);
  if (remove && (command === "unallow" || command === "undeny")) refuse(`--remove goes with allow or deny.`);
  const kind = remove ? (command === "allow" ? "unallow" : "undeny") : (command as FlagChange["kind"] & string);
  return { kind: kind as (typeof LIST_COMMANDS)[number], workspaces: rest };
}

async function describe(state: FlagState): Promise<string[]> {
  const workspaces = await systemDb().workspace.findMany({ select: { id: true, slug: true }, orderBy: { slug: "asc" } });
  const slugs = new Map(workspaces.map((w) => [w.id, w.slug]));
  const list = (ids: readonly string[]) => (ids.length ? ids.map((id) => `${slugs.get(id) ?? "(deleted)"} (${id})`).join(", ") : "none");
  const enabled = enabledRule(state);
  const visible = workspaces.filter((w) => enabled(w.id)).length;
  return [
    `${state.key}: ${state.mode}${state.mode === "cohort" ? ` ${state.percentage}%` : ""}`,
    `  allow-list: ${list(state.allowIds)}`,
    `  deny-list: ${list(state.denyIds)}`,
    `  visible to ${visible} of ${workspaces.length} workspaces' users; staff see it in all of them`,
  ];
}

/** Runs one command; returns the lines to print. `settings` is the environment (lib/env.ts). */
export async function flagsCommand(argv: readonly string[], settings: Pick<Env, "BILLING_OPERATOR"> = env()): Promise<string[]> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { by: { type: "string" }, remove: { type: "boolean" } },
    });
  } catch (error) {
    refuse((error as Error).message);
  }
  const [command, key, ...rest] = parsed.positionals;
  if (command === "show") {
    if (rest.length) refuse(`Unexpected ${rest.join(" ")}.`);
    const flags = await readFlags();
    const keys = key === undefined ? FLAG_KEYS : [flagKey(key)];
    const lines: string[] = [];
    for (const k of keys) lines.push(...(await describe(flags.get(k) ?? flagOn(k))));
    return lines;
  }
  if (command !== "set" && !(LIST_COMMANDS as readonly string[]).includes(command ?? "")) refuse(`Unknown command ${command ?? "(none)"}.`);
  const flag = flagKey(key);
  const change = parsedChange(command!, rest, parsed.values.remove ?? false);
  const by = await attribution(parsed.values.by, osOperator(settings.BILLING_OPERATOR));
  const { after } = await changeFlag(flag, change, by);
  return [`Changed ${flag} (audited, by ${describeAttribution(by)}):`, ...(await describe(after))];
}
