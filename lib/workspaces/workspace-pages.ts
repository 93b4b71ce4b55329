// The /workspaces page's list: the actor's visible workspaces, narrowed by a search, a page at a
// time, so its size does not grow with the number of workspaces (support staff see all of them).
import { z } from "zod";
import type { WorkspaceRole } from "@/lib/access/permissions";
import { matchWorkspaces } from "./workspace-search";

export const WORKSPACES_PER_PAGE = 50;

/** The page's URL parameters; anything malformed falls back to the first page of everything. */
const listParams = z.object({
  search: z.string().trim().max(100).catch(""),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});

export function parseWorkspaceListParams(params: Record<string, string | string[] | undefined>): { search: string; page: number } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  return listParams.parse({ search: first(params.search) ?? "", page: first(params.page) ?? 1 });
}

export interface WorkspaceListPage<G> {
  rows: G[];
  /** Matches of the search (all visible workspaces without one). */
  total: number;
  /** The page shown, at most `pages`. */
  page: number;
  pages: number;
  /** 1-based positions of the first and last rows shown (both 0 when there is none). */
  from: number;
  to: number;
}

export function workspaceListPage<G extends { workspace: { id: string; name: string; slug: string }; role: WorkspaceRole }>(
  visible: readonly G[],
  { search, page }: { search: string; page: number },
  perPage = WORKSPACES_PER_PAGE,
): WorkspaceListPage<G> {
  const { matches, total } = matchWorkspaces(visible, { search });
  const pages = Math.max(1, Math.ceil(total / perPage));
  const shown = Math.min(page, pages);
  const start = (shown - 1) * perPage;
  const rows = matches.slice(start, start + perPage);
  return { rows, total, page: shown, pages, from: rows.length ? start + 1 : 0, to: start + rows.length };
}
