import type { ReactNode } from "react";
import { Providers } from "@/components/providers";

// The frame (top bar and main) is drawn by the layouts below it (components/layout/app-shell.tsx),
// which know the current workspace; each of them, and each page, requires a signed-in actor.
export default function AppLayout({ children }: { children: ReactNode }) {
  return <Providers>{children}</Providers>;
}
