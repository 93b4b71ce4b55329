import { openApiDocument } from "@/lib/openapi/document";
import { routeMethods } from "@/lib/api/methods";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: () => Response.json(openApiDocument()),
  },
  { route: "/api/openapi.json" },
);
