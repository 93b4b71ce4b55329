import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { WorkspaceSwitcher, type SwitcherWorkspace } from "@/components/workspaces/workspace-switcher";

interface TopBarProps {
  user: { name: string; email: string; staff: boolean };
  workspaces: SwitcherWorkspace[];
}

export function TopBar({ user, workspaces }: TopBarProps) {
  return (
    <header className="topbar">
      <Link href="/workspaces" className="brand">
        Usage &amp; billing
      </Link>
      <WorkspaceSwitcher workspaces={workspaces} />
      <span className="topbar-user hide-narrow" title={user.email}>
        {user.name}
        {user.staff && " · Support staff"}
      </span>
      <SignOutButton />
    </header>
  );
}
