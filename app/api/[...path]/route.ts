import { unknownPathMethods } from "@/lib/api/methods";

// Any /api path no other route serves (Next prefers every more specific route): a JSON 404, not
// the HTML not-found page.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownPathMethods();
