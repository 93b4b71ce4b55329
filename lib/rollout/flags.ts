// Feature flags per workspace: the keys, the states, and how a state decides for one workspace
// (docs/rollout.md). Pure: no database, so the rule reads the same in tests, the CLI and requests.
import { createHash } from "node:crypto";

export const FLAG_KEYS = ["billing-dashboard"] as const;
export type FlagKey = (typeof FLAG_KEYS)[number];

export const FLAG_MODES = ["off", "internal", "cohort", "on"] as const;
export type FlagMode = (typeof FLAG_MODES)[number];

export interface FlagState {
  key: FlagKey;
  mode: FlagMode;
  /** 0–100: the share of workspaces in the cohort. */
  percentage: number;
  allowIds: readonly string[];
  denyIds: readonly string[];
}

/** No row: the feature is live for everyone (it was before flags existed). */
export const flagOn = (key: FlagKey): FlagState => ({ key, mode: "on", percentage: 0, allowIds: [], denyIds: [] });

export const isFlagKey = (value: string): value is FlagKey => (FLAG_KEYS as readonly string[]).includes(value);
export const isFlagMode = (value: string): value is FlagMode => (FLAG_MODES as readonly string[]).includes(value);

/**
 * The workspace's bucket, 0–99: the first four bytes of SHA-256 over `key:workspaceId`, read as a
 * big-endian unsigned integer, modulo 100. The key is part of it so that two flags at 10 % do not
 * pick the same workspaces. Never change it: a changed bucket moves workspaces in or out of a cohort.
 */
export function cohortBucket(key: string, workspaceId: string): number {
  return createHash("sha256").update(`${key}:${workspaceId}`).digest().readUInt32BE(0) % 100;
}

/**
 * The state's rule for many workspaces at once (`all` over thousands checks each of them): its
 * lists become sets once per call. Whether the feature is on for each workspace's own users; staff
 * see it regardless (`visibleTo`).
 */
export function enabledRule(state: FlagState): (workspaceId: string) => boolean {
  const allow = new Set(state.allowIds);
  const deny = new Set(state.denyIds);
  return (workspaceId) => !deny.has(workspaceId) && (allow.has(workspaceId) || enabledByMode(state, workspaceId));
}

function enabledByMode(state: FlagState, workspaceId: string): boolean {
  switch (state.mode) {
    case "on":
      return true;
    case "cohort":
      return cohortBucket(state.key, workspaceId) < state.percentage;
    case "off":
    case "internal":
      return false;
  }
}

/** Whether the feature is on for the workspace's own users. Staff see it regardless (`visibleTo`). */
export function enabledFor(state: FlagState, workspaceId: string): boolean {
  return enabledRule(state)(workspaceId);
}

/** Staff (any staff role) always see the feature, so support can check a workspace before its release. */
export function visibleTo(state: FlagState, workspaceId: string, actor: { staffRole: string | null }): boolean {
  return actor.staffRole !== null || enabledFor(state, workspaceId);
}
