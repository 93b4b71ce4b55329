import { authMethodNotAllowed, authRoute } from "@/lib/auth/auth-route";

// HEAD reads like GET (Next would otherwise answer it from GET itself, outside this wrapper).
export { authRoute as GET, authRoute as HEAD, authRoute as POST };
export { authMethodNotAllowed as PUT, authMethodNotAllowed as PATCH, authMethodNotAllowed as DELETE, authMethodNotAllowed as OPTIONS };
