// Headers the HTTP entry hook (lib/api/http-entry.ts) sets on every request, over anything the
// client sent under the same names.

/** The address of the socket the request came in on. */
export const PEER_ADDRESS_HEADER = "x-billing-peer-address";
/** The method of a request Next does not route (TRACE, PROPFIND …), which reaches it as OPTIONS (see http-entry.ts). */
export const ORIGINAL_METHOD_HEADER = "x-billing-original-method";

const globalForEntry = globalThis as unknown as { billingHttpEntry?: boolean };

/** Whether this process's HTTP server runs the hook: only then are its headers the server's own. */
export function httpEntryInstalled(): boolean {
  return globalForEntry.billingHttpEntry === true;
}

export function markHttpEntryInstalled(): void {
  globalForEntry.billingHttpEntry = true;
}

/** The method the client sent: one Next does not route arrives as OPTIONS carrying the original method. */
export function requestedMethod(request: Request): string {
  return (request.method === "OPTIONS" && request.headers.get(ORIGINAL_METHOD_HEADER)) || request.method;
}

/** Whether the request came with a method Next does not route (and reached it as OPTIONS). */
export function isCarriedMethod(request: Request): boolean {
  return requestedMethod(request) !== request.method;
}
