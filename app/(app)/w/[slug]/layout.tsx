import { AppShell } from "@/components/layout/app-shell";

export default async function WorkspaceLayout({ children, params }: LayoutProps<"/w/[slug]">) {
  const { slug } = await params;
  return <AppShell currentSlug={slug}>{children}</AppShell>;
}
