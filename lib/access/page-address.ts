/** The page address asked for (path and query), set by proxy.ts: where sign-in sends one back to. */
export const PAGE_ADDRESS_HEADER = "x-billing-page-address";
