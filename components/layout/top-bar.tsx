import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { WorkspaceSwitcher } from "@/components/workspaces/workspace-switcher";
import type { SwitcherProps } from "@/lib/workspaces/switcher-workspaces";

interface TopBarProps {
  user: { name: string; email: string; staff: boolean };
  switcher: SwitcherProps;
}

export function TopBar({ user, switcher }: TopBarProps) {
  return (
    <header className="topbar">
      <Link href="/workspaces" className="brand">
        Usage &amp; billing
      </Link>
      <WorkspaceSwitcher {...switcher} />
      {user.staff && (
        <Link href="/support/anomalies" className="topbar-link" prefetch={false}>
          Anomaly flags
        </Link>
      )}
      <span className="topbar-user hide-narrow" title={user.email}>
        {user.name}
        {user.staff && " · Support staff"}
      </span>
      <SignOutButton />
    </header>
  );
}
