import type { Metadata } from "next";
import Link from "next/link";
import { AppShell } from "@/components/layout/app-shell";
import { Providers } from "@/components/providers";
import { currentActor } from "@/lib/access/actor";

export const metadata: Metadata = { title: "Page not found" };

function Message({ signedIn }: { signedIn: boolean }) {
  return (
    <div className="card not-found" data-testid="not-found">
      <h1>Page not found</h1>
      <p className="muted">There is no page at this address. It may have moved, or the link may be mistyped.</p>
      <p>{signedIn ? <Link href="/workspaces">Go to your workspaces</Link> : <Link href="/signin">Sign in</Link>}</p>
    </div>
  );
}

/** Any address the app has no page for, in the app's frame when someone is signed in. */
export default async function NotFound() {
  if (!(await currentActor())) {
    return (
      <main className="signin">
        <Message signedIn={false} />
      </main>
    );
  }
  return (
    <Providers>
      <AppShell currentSlug={null}>
        <Message signedIn />
      </AppShell>
    </Providers>
  );
}
