import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";

// Every page depends on the signed-in user: nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Usage & billing", template: "%s · Usage & billing" },
  description: "Usage by day, product area and workspace, with exact CSV exports and an audit trail.",
  // public/ (drawn by scripts/favicon.ts); browsers that ignore these ask for /favicon.ico anyway.
  icons: {
    icon: [
      { url: "/icon.svg", type: "image/svg+xml" },
      { url: "/favicon.ico", sizes: "32x32" },
    ],
  },
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
