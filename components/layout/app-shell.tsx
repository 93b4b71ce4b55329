import type { ReactNode } from "react";
import { DateFormatProvider } from "@/components/layout/date-format";
import { TopBar } from "@/components/layout/top-bar";
import { listVisibleWithBilling } from "@/lib/access/check-access";
import { requirePageActor } from "@/lib/access/page-actor";
import { DEFAULT_LOCALE } from "@/lib/format/dates";
import { switcherProps } from "@/lib/workspaces/switcher-workspaces";

/**
 * The signed-in pages' frame: skip link, top bar, main. Rendered by the layout of /workspaces and
 * by that of /w/[slug] (which knows the current workspace, and is rendered again when it changes).
 */
export async function AppShell({ currentSlug, children }: { currentSlug: string | null; children: ReactNode }) {
  const actor = await requirePageActor();
  // The actor's visible list is cached per access revision; only a slice of it goes to the page.
  const { grants: visible, hidden, usageViewable } = await listVisibleWithBilling(actor);
  const locale = visible.find((g) => g.workspace.slug === currentSlug)?.workspace.locale ?? DEFAULT_LOCALE;
  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <TopBar
        user={{ name: actor.name, email: actor.email, staff: actor.staffRole === "SUPPORT" }}
        switcher={switcherProps(visible, currentSlug, hidden, usageViewable)}
      />
      {actor.staffRole === "SUPPORT" && (
        // A landmark of its own: content outside every landmark is missed by landmark navigation.
        <aside className="support-banner" aria-label="Support access" data-testid="support-banner">
          <strong>Support access</strong> · you may read every workspace&apos;s usage, anomaly flags and notification settings and triage
          the flags (acknowledge, resolve, dismiss with a note); not export, set budgets, change notifications or read audit logs. Every
          look at a workspace&apos;s billing data is recorded in its audit log.
        </aside>
      )}
      <main id="content">
        <DateFormatProvider locale={locale}>{children}</DateFormatProvider>
      </main>
    </>
  );
}
