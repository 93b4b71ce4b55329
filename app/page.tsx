import { redirect } from "next/navigation";
import { currentActor } from "@/lib/access/actor";

export default async function Home() {
  redirect((await currentActor()) ? "/workspaces" : "/signin");
}
