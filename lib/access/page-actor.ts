import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { PAGE_ADDRESS_HEADER } from "./page-address";
import { safeCallbackPath } from "@/lib/auth/safe-callback";
import { currentActor, type Actor } from "./actor";

/**
 * For pages and layouts under the signed-in area. Each must call it itself: Next renders a
 * layout and its page in parallel, so a redirect in the layout does not guard the page. A
 * signed-out visitor goes to sign-in and, once signed in, back to the page asked for (links
 * shared between colleagues keep working); only paths on this site, as sign-in itself checks.
 */
export async function requirePageActor(): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) {
    const asked = (await headers()).get(PAGE_ADDRESS_HEADER);
    const back = asked ? safeCallbackPath(asked) : "/workspaces";
    redirect(back === "/workspaces" ? "/signin" : `/signin?callbackUrl=${encodeURIComponent(back)}`);
  }
  return actor;
}
