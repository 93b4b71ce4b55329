import { budgetBody } from "@/lib/budget/budget-body";
import { removeBudget } from "@/lib/budget/remove-budget";
import { setBudget } from "@/lib/budget/set-budget";
import { viewBudget } from "@/lib/budget/view-budget";
import { routeMethods } from "@/lib/api/methods";
import { withWorkspace } from "@/lib/api/route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = routeMethods(
  {
    GET: withWorkspace({ feature: "billing-dashboard", permission: "anomalies:view", oneWorkspace: true }, async ({ ctx }) =>
      Response.json(await viewBudget({ ctx, input: {} })),
    ),
    PUT: withWorkspace(
      { feature: "billing-dashboard", permission: "budget:set", body: budgetBody, sameSiteOnly: true, oneWorkspace: true },
      async ({ ctx, body }) => Response.json(await setBudget({ ctx, input: body })),
    ),
    DELETE: withWorkspace(
      { feature: "billing-dashboard", permission: "budget:set", sameSiteOnly: true, oneWorkspace: true },
      async ({ ctx }) => Response.json(await removeBudget({ ctx, input: {} })),
    ),
  },
  { route: "/api/billing/budget" },
);
