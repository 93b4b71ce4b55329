// Runs next-auth's handler on a request whose body has already been read, through next-auth's
// own (req, res) entry point. Its App Router entry reads the request again from next/headers,
// which exists only inside Next's request scope; this one works the same in tests.
import "server-only";
import NextAuth, { type NextAuthOptions } from "next-auth";
import type { NextApiRequest, NextApiResponse } from "next";

export interface NextAuthRequest {
  method: "GET" | "POST";
  /** The path after /api/auth/, decoded: [action, providerId?]. */
  segments: string[];
  query: Record<string, string>;
  body: Record<string, string> | undefined;
  headers: Headers;
  cookies: Record<string, string>;
}

export async function callNextAuth(request: NextAuthRequest, options: NextAuthOptions): Promise<Response> {
  const req = {
    method: request.method,
    query: { ...request.query, nextauth: request.segments },
    body: request.body,
    cookies: request.cookies,
    headers: Object.fromEntries(request.headers),
  };
  const res = new CollectedResponse();
  await NextAuth(req as unknown as NextApiRequest, res as unknown as NextApiResponse, options);
  return res.toResponse();
}

/** The part of Node's ServerResponse that next-auth uses. */
class CollectedResponse {
  private statusCode = 200;
  private readonly headers = new Headers();
  private body: string | null = null;

  status(code: number) {
    this.statusCode = code;
    return this;
  }
  getHeader(name: string) {
    return name.toLowerCase() === "set-cookie" ? this.headers.getSetCookie() : (this.headers.get(name) ?? undefined);
  }
  setHeader(name: string, value: string | string[]) {
    this.headers.delete(name);
    for (const item of [value].flat()) this.headers.append(name, item);
    return this;
  }
  json(value: unknown) {
    this.headers.set("content-type", "application/json");
    this.body = JSON.stringify(value);
  }
  send(value: unknown) {
    if (typeof value === "string") this.body = value;
    else if (value !== undefined) this.json(value);
  }
  end() {}

  toResponse(): Response {
    const noBody = this.statusCode === 302 || this.statusCode === 204;
    return new Response(noBody ? null : this.body, { status: this.statusCode, headers: this.headers });
  }
}
