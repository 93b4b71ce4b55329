import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";

export default function SupportLayout({ children }: { children: ReactNode }) {
  return <AppShell currentSlug={null}>{children}</AppShell>;
}
