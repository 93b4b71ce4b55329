// Runs before routing, for every path (pages, /api and /api/auth alike).
import { NextResponse, type NextRequest } from "next/server";
import { PAGE_ADDRESS_HEADER } from "@/lib/access/page-address";
import { requestedMethod } from "@/lib/api/entry-headers";
import { errorResponse } from "@/lib/api/errors";
import { ApiError } from "@/lib/errors/api-error";

export function proxy(request: NextRequest) {
  // Next decodes the path to match routes and answers one it cannot decode with a 500.
  if (!decodes(request.nextUrl.pathname)) return errorResponse(new ApiError("bad_request", "The path is not valid percent-encoded UTF-8."));
  // TRACE reaches here as OPTIONS (lib/api/http-entry.ts). API routes answer it with their own
  // Allow header (lib/api/methods.ts); next-auth's route is not wired that way, and pages are only
  // ever read.
  if (requestedMethod(request) === "TRACE") {
    const allow = allowedOutsideRouteMethods(request.nextUrl.pathname);
    if (allow) return errorResponse(new ApiError("method_not_allowed", `TRACE is not supported here; use ${allow}.`), { allow });
  }
  // Pages cannot read their own address; a signed-out visit needs it to come back after sign-in.
  const headers = new Headers(request.headers);
  headers.set(PAGE_ADDRESS_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.next({ request: { headers } });
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
