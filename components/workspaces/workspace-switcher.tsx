"use client";

import { useParams, useRouter } from "next/navigation";

export interface SwitcherWorkspace {
  slug: string;
  name: string;
}

export function WorkspaceSwitcher({ workspaces }: { workspaces: SwitcherWorkspace[] }) {
  const router = useRouter();
  const params = useParams<{ slug?: string }>();
  if (workspaces.length === 0) return null;
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="skip-link">
        Switch workspace
      </label>
      <select
        id="workspace-switcher"
        value={params.slug ?? ""}
        onChange={(event) => router.push(event.target.value ? `/w/${event.target.value}` : "/workspaces")}
      >
        <option value="">All workspaces</option>
        {workspaces.map((workspace) => (
          <option key={workspace.slug} value={workspace.slug}>
            {workspace.name}
          </option>
        ))}
      </select>
    </div>
  );
}
