import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentActor } from "@/lib/access/actor";

export const metadata: Metadata = { title: "Sign in" };

function safeCallback(value: string | string[] | undefined): string {
  const target = Array.isArray(value) ? value[0] : value;
  // Only same-site paths: never redirect to another origin after sign-in.
  return target && target.startsWith("/") && !target.startsWith("//") ? target : "/workspaces";
}

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const callbackUrl = safeCallback((await searchParams).callbackUrl);
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
