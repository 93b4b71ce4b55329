import type { ReactNode } from "react";
import { DateFormatProvider } from "@/components/layout/date-format";
import { TopBar } from "@/components/layout/top-bar";
import { requirePageActor } from "@/lib/access/page-actor";
import { listVisibleWorkspaces } from "@/lib/access/workspace-access";
import { hiddenWorkspaceIds } from "@/lib/rollout/feature-access";
import { DEFAULT_LOCALE } from "@/lib/format/dates";
import { switcherProps } from "@/lib/workspaces/switcher-workspaces";

/**
 * The signed-in pages' frame: skip link, top bar, main. Rendered by the layout of /workspaces and
 * by that of /w/[slug] (which knows the current workspace, and is rendered again when it changes).
 */
export async function AppShell({ currentSlug, children }: { currentSlug: string | null; children: ReactNode }) {
  const actor = await requirePageActor();
  // The actor's visible list is cached per access revision; only a slice of it goes to the page.
  const visible = await listVisibleWorkspaces(actor);
  const hidden = await hiddenWorkspaceIds(
    actor,
    "billing-dashboard",
    visible.map((g) => g.workspace.id),
  );
  const locale = visible.find((g) => g.workspace.slug === currentSlug)?.workspace.locale ?? DEFAULT_LOCALE;
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <TopBar
        user={{ name: actor.name, email: actor.email, staff: actor.staffRole === "SUPPORT" }}
        switcher={switcherProps(visible, currentSlug, hidden)}
      />
      {actor.staffRole === "SUPPORT" && (
        <p className="support-banner" role="note">
          <strong>Support access</strong> · read-only, and every look at a workspace&apos;s billing data is recorded in its audit log.
        </p>
      )}
      <main id="content">
        <DateFormatProvider locale={locale}>{children}</DateFormatProvider>
      </main>
    </>
  );
}
