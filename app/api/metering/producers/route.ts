import { withActor } from "@/lib/api/route";
import { listProducers } from "@/lib/metering/list-producers";
import { routeMethods } from "@/lib/api/methods";

// Staff only: which producer keys exist, their scopes and last use (docs/producers.md).
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withActor(async ({ ctx }) => Response.json(await listProducers({ ctx, input: undefined }))),
  },
  { route: "/api/metering/producers" },
);
