import { withActor } from "@/lib/api/route";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces";

export const GET = withActor(async ({ actor }) => Response.json({ workspaces: await listWorkspaces(actor) }));
