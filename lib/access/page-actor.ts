import { redirect } from "next/navigation";
import { currentActor, type Actor } from "./actor";

/**
 * For pages and layouts under the signed-in area. Each must call it itself: Next renders a
 * layout and its page in parallel, so a redirect in the layout does not guard the page.
 */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/signin");
  return actor;
}
