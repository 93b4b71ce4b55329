import { observedHandler } from "@/lib/api/methods";
import { authMethodNotAllowed, authRoute } from "@/lib/auth/auth-route";

const ROUTE = "/api/auth/[...nextauth]";
const answer = observedHandler(ROUTE, authRoute);
const refuse = observedHandler(ROUTE, authMethodNotAllowed);

// HEAD reads like GET (Next would otherwise answer it from GET itself, outside this wrapper).
export { answer as GET, answer as HEAD, answer as POST };
export { refuse as PUT, refuse as PATCH, refuse as DELETE, refuse as OPTIONS };
