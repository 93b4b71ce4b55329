// Re-download of a stored export: permission on every workspace it covers (checked by the route
// wrapper through `exportById`), audited, and the bytes checked against the SHA-256 recorded when
// the file was produced.
import "server-only";
import { createHash } from "node:crypto";
import type { DomainCall, WorkspaceContext } from "@/lib/access/domain-context";
import { ApiError } from "@/lib/errors/api-error";
import type { ResourceById } from "@/lib/access/resource-by-id";
import { auditRequest } from "@/lib/audit/audit-request";
import { systemDb } from "@/lib/db";
import type { BillingUsageExport } from "@/lib/db/generated/client";
import { exportStorage } from "./storage";

/** The one lookup of an export that is not scoped (system handle): its result goes straight to the access check. */
function unsafeFindExportById(id: string) {
  return systemDb().billingUsageExport.findUnique({ where: { id } });
}

/**
 * `/exports/{id}` for the route wrapper: permission on every workspace the export covers, and one
 * covering a workspace the caller cannot see is a 404 like one that does not exist.
 */
export const exportById: ResourceById<BillingUsageExport> = {
  param: "id",
  name: "export",
  find: unsafeFindExportById,
  workspaceIds: (record) => record.workspaceIds,
};

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

/** The export the access check let through (`exportById`), as the bytes it was produced with. */
export async function downloadExport({ ctx, input: { record } }: DomainCall<WorkspaceContext, { record: BillingUsageExport }>) {
  const stored = await exportStorage().read(record.fileKey);
  if (!stored) throw new ApiError("not_found", `The file of export ${record.id} is no longer stored.`);
  await auditRequest(ctx.access, "billing.export.downloaded", { exportId: record.id, filename: record.filename }, ctx.request);
  return { filename: record.filename, byteSize: record.byteSize, stream: verified(stored, record.sha256) };
}
