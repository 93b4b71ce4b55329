import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SupportAnomalies } from "@/components/anomalies/support-anomalies";
import { requirePageActor } from "@/lib/access/page-actor";
import { listProductAreas } from "@/lib/metering/product-areas";

export const metadata: Metadata = { title: "Anomaly flags across workspaces" };

/** Support staff's triage list: open flags of every workspace. Each look is audited by the API it reads. */
export default async function SupportAnomaliesPage() {
  const actor = await requirePageActor();
  // Not a page anyone else should learn exists.
  if (actor.staffRole !== "SUPPORT") notFound();
  const productAreas = await listProductAreas();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Anomaly flags across workspaces</h1>
          <p className="muted">
            Usage that looks wrong before the period closes: most severe and newest first. Acknowledge what you are looking into; dismiss
            with a reason what is expected. Each look is audited.
          </p>
        </div>
      </div>
      <SupportAnomalies productAreas={productAreas.map((a) => ({ key: a.key, displayName: a.displayName, unit: a.unit }))} />
    </>
  );
}
