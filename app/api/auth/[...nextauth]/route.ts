import { authMethodNotAllowed, authRoute } from "@/lib/auth/auth-route";

export { authRoute as GET, authRoute as POST };
export {
  authMethodNotAllowed as PUT,
  authMethodNotAllowed as PATCH,
  authMethodNotAllowed as DELETE,
  authMethodNotAllowed as OPTIONS,
};
