// Parses a real response body with the schema the OpenAPI document is generated from. The parse
// fails on a field the schema requires and the body lacks; zod drops keys it does not know, so
// what the body has and the parse result lacks is a field the API sends and the schema does not name.
import { expect } from "vitest";
import type { z } from "zod";

export function parseDocumented<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const parsed = schema.parse(body);
  expect(undocumentedFields(body, parsed), "fields the API sent that its documented schema does not name").toEqual([]);
  return parsed;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function undocumentedFields(sent: unknown, parsed: unknown, at = "body"): string[] {
  if (!isObject(sent) || !isObject(parsed)) return [];
  return Object.keys(sent).flatMap((key) =>
    key in parsed ? undocumentedFields(sent[key], parsed[key], Array.isArray(sent) ? `${at}[${key}]` : `${at}.${key}`) : [`${at}.${key}`],
  );
}
