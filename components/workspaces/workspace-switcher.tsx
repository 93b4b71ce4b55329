"use client";

import { useParams, usePathname, useRouter } from "next/navigation";

export interface SwitcherWorkspace {
  slug: string;
  name: string;
}

export function WorkspaceSwitcher({ workspaces }: { workspaces: SwitcherWorkspace[] }) {
  const router = useRouter();
  const params = useParams<{ slug?: string }>();
  const pathname = usePathname();
  // Stay on the same page of the other workspace (e.g. its usage dashboard).
  const section = params.slug ? pathname.split("/").slice(3).join("/") : "billing";
  const target = (slug: string) => (slug ? `/w/${slug}${section ? `/${section}` : ""}` : "/workspaces");
  if (workspaces.length === 0) return null;
  return (
    <div className="switcher">
      <label htmlFor="workspace-switcher" className="skip-link">
        Switch workspace
      </label>
      <select
        id="workspace-switcher"
        value={params.slug ?? ""}
        onChange={(event) => router.push(target(event.target.value))}
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
