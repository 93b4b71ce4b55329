import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentActor } from "@/lib/access/actor";
import { safeCallbackPath } from "@/lib/auth/safe-callback";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await currentActor()) redirect(callbackUrl);
  return (
    <main className="signin">
      <div className="card">
        <h1>Sign in</h1>
        <p className="muted">Usage and billing for your workspaces.</p>
        <SignInForm callbackUrl={callbackUrl} />
      </div>
    </main>
  );
}
