// Runs before routing, for every path (pages, /api and /api/auth alike).
import { NextResponse, type NextRequest } from "next/server";
import { PAGE_ADDRESS_HEADER } from "@/lib/access/page-address";
import { isCarriedMethod, requestedMethod } from "@/lib/api/entry-headers";
import { errorResponse } from "@/lib/api/errors";
import { requestContext } from "@/lib/api/request-context";
import { API_POLICY, newNonce, pagePolicy, withSecurityHeaders } from "@/lib/api/security-headers";
import { ApiError } from "@/lib/errors/api-error";

export function proxy(request: NextRequest) {
  const pathname = request.nextUrl.pathname;
  const isApi = pathname === "/api" || pathname.startsWith("/api/");
  const refusal = refusalOf(request);
  if (refusal) {
    const response = errorResponse(refusal.error, refusal.headers);
    response.headers.set("x-request-id", requestContext(request).requestId);
    return withSecurityHeaders(response, API_POLICY);
  }
  if (isApi) return withSecurityHeaders(NextResponse.next(), API_POLICY);
  // Next reads the nonce from the request's CSP header and puts it on its scripts (the root
  // layout is dynamic, so every page is rendered per request and gets a fresh one).
  const policy = pagePolicy(newNonce(), { development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", policy);
  // Pages cannot read their own address; a signed-out visit needs it to come back after sign-in.
  headers.set(PAGE_ADDRESS_HEADER, `${pathname}${request.nextUrl.search}`);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), policy);
}

function refusalOf(request: NextRequest): { error: ApiError; headers?: Record<string, string> } | null {
  // Next decodes the path to match routes and answers one it cannot decode with a 500.
  if (!decodes(request.nextUrl.pathname)) return { error: new ApiError("bad_request", "The path is not valid percent-encoded UTF-8.") };
  // TRACE, PROPFIND … reach here as OPTIONS (lib/api/http-entry.ts). API routes answer them with
  // their own Allow header (lib/api/methods.ts); next-auth's route is not wired that way, and pages
  // are only ever read.
  if (!isCarriedMethod(request)) return null;
  const allow = allowedOutsideRouteMethods(request.nextUrl.pathname);
  if (!allow) return null;
  return {
    error: new ApiError("method_not_allowed", `${requestedMethod(request)} is not supported here; use ${allow}.`),
    headers: { allow },
  };
}

function allowedOutsideRouteMethods(pathname: string): string | null {
  if (pathname === "/api/auth" || pathname.startsWith("/api/auth/")) return "GET, HEAD, POST";
  return pathname.startsWith("/api/") ? null : "GET, HEAD";
}

function decodes(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
