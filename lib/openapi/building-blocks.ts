// What every part of the OpenAPI document is built from: JSON Schema from the zod schemas the
// handlers validate with, the workspaceId parameter, and the standard error and CSV responses.
import { z } from "zod";
import { errorBodySchema } from "@/lib/api/error-response";

export type JsonSchema = Record<string, unknown>;

export function schema(type: z.ZodType, io: "input" | "output" = "output"): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

export const workspaceIdParam = {
  name: "workspaceId",
  in: "query",
  required: true,
  description:
    "Workspace id, several comma-separated (at most 100; each must be permitted), or `all` for every workspace the caller holds the permission on",
  schema: { type: "string" },
};

/** Endpoints on one workspace's settings (lib/access/one-workspace.ts). */
export const oneWorkspaceIdParam = {
  ...workspaceIdParam,
  description: "One workspace id; a list or `all` is refused with 400 for every caller",
};

export function queryParameters(type: z.ZodObject | z.ZodType): JsonSchema[] {
  const json = schema(type, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return { name, in: "query", required: json.required?.includes(name) ?? false, description, schema: propertySchema };
  });
}

const errorBody = schema(errorBodySchema);

export function errors(...statuses: number[]) {
  const text: Record<number, string> = {
    400: "Invalid input; details name each bad field",
    401: "Not signed in (or no valid ingest token)",
    403: "No permission on at least one requested workspace (or it does not exist); for a change made with the session cookie, also a request from another site (Sec-Fetch-Site or Origin)",
    404: "No such resource; or, for a workspace's own users, its billing dashboard is not released to them yet (docs/rollout.md)",
    409: "Conflicts with the resource's current state (e.g. a status change its lifecycle does not allow)",
    413: "Too many events, or too large a body (see the endpoint; JSON bodies other than ingest take at most 1 MiB)",
    415: "Unsupported content type",
    503: "The database is unavailable; retry after the Retry-After header's seconds",
  };
  return Object.fromEntries(
    statuses.map((status) => [status, { description: text[status], content: { "application/json": { schema: errorBody } } }]),
  );
}

export const json = (type: z.ZodType, description: string) => ({ description, content: { "application/json": { schema: schema(type) } } });

export const csv = (description: string) => ({
  description: `${description} (text/csv, RFC 4180, UTF-8; cells that could run as spreadsheet formulas are prefixed with ')`,
  content: { "text/csv": { schema: { type: "string" } } },
});
