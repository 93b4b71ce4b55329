// The response contract of GET /api/metering/producers. Field names are a public contract: add, never rename.
import { z } from "zod";

const scope = z.union([z.literal("all"), z.array(z.string())]);

export const producerKeySchema = z.object({
  name: z.string(),
  prefix: z.string().describe("The key's first characters, to tell keys apart; never the key or its hash"),
  areas: scope.describe("Product areas the key may write, or all"),
  workspaces: scope.describe("Workspace ids the key may write for, or all"),
  createdAt: z.string(),
  createdBy: z.string().describe("A staff email, or the operator the CLI ran as"),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  rotatedAt: z.string().nullable(),
  previousKeyExpiresAt: z.string().nullable().describe("Until when the key before the last rotation still works"),
  lastUsedAt: z.string().nullable().describe("Recorded at most once a minute"),
  lastUsedAddress: z.string().nullable(),
});

export const producerKeysSchema = z.object({ producers: z.array(producerKeySchema) });

export type ProducerKeyResponse = z.infer<typeof producerKeySchema>;
export type ProducerKeysResponse = z.infer<typeof producerKeysSchema>;
