// Re-download of a stored export: permission on every workspace it covers, audited, and the
// bytes checked against the SHA-256 recorded when the file was produced.
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/access/actor";
import { listVisibleWorkspaces, requireWorkspacePermission } from "@/lib/access/workspace-access";
import { ApiError } from "@/lib/api/errors";
import type { RequestContext } from "@/lib/api/request-context";
import { recordLooks } from "@/lib/audit/record-looks";
import { systemDb } from "@/lib/db";
import { exportStorage } from "./storage";

/** The one lookup of an export that is not scoped (system handle): its result goes straight to the access check. */
function unsafeFindExportById(id: string) {
  return systemDb().billingUsageExport.findUnique({ where: { id } });
}

function verified(stream: ReadableStream<Uint8Array>, sha256: string): ReadableStream<Uint8Array> {
  const hash = createHash("sha256");
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        hash.update(chunk);
        controller.enqueue(chunk);
      },
      flush(controller) {
        if (hash.digest("hex") !== sha256) controller.error(new Error("stored export does not match its checksum"));
      },
    }),
  );
}

export async function downloadExport(actor: Actor, id: string, context: RequestContext) {
  const record = await unsafeFindExportById(id);
  // An export that covers a workspace the caller cannot see is answered like one that does not
  // exist: a 403 would confirm the id, and name its workspace.
  if (!record || !(await seesEvery(actor, record.workspaceIds))) throw new ApiError("not_found", `No export ${id}.`);
  const access = await requireWorkspacePermission(actor, record.workspaceIds, "usage:export");
  const stored = await exportStorage().read(record.fileKey);
  if (!stored) throw new ApiError("not_found", `The file of export ${id} is no longer stored.`);
  await recordLooks(access, "billing.export.downloaded", { exportId: id, filename: record.filename }, context);
  return { filename: record.filename, byteSize: record.byteSize, stream: verified(stored, record.sha256) };
}

async function seesEvery(actor: Actor, workspaceIds: string[]): Promise<boolean> {
  const visible = new Set((await listVisibleWorkspaces(actor)).map((g) => g.workspace.id));
  return workspaceIds.every((id) => visible.has(id));
}
