import type { ReactNode } from "react";
import { TopBar } from "@/components/layout/top-bar";
import { Providers } from "@/components/providers";
import { requirePageActor } from "@/lib/access/page-actor";
import { listWorkspaces } from "@/lib/workspaces/list-workspaces";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const actor = await requirePageActor();
  const workspaces = await listWorkspaces(actor);
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <TopBar
        user={{ name: actor.name, email: actor.email, staff: actor.staffRole === "SUPPORT" }}
        workspaces={workspaces.map(({ slug, name }) => ({ slug, name }))}
      />
      <main id="content">
        <Providers>{children}</Providers>
      </main>
    </>
  );
}
