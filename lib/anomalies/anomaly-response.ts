// The response contract of GET /api/billing/anomalies and PATCH /api/billing/anomalies/{id}.
// Field names are a public contract: add, never rename.
import { z } from "zod";
import { decimalString } from "@/lib/usage/usage-response";
import { ANOMALY_KINDS, SEVERITIES } from "./finding";

/** An exact decimal that may be negative: a drop's impact takes money off the invoice. */
const signedDecimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .describe("Exact decimal, as a string; negative below zero");

export const ANOMALY_STATUSES = ["open", "acknowledged", "resolved", "dismissed"] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

export const anomalyChangeSchema = z.object({
  from: z.enum(ANOMALY_STATUSES).nullable().describe("null for the flag's creation"),
  to: z.enum(ANOMALY_STATUSES),
  note: z.string().nullable(),
  actorId: z.string().nullable().describe("null: the detector"),
  actorEmail: z.string().nullable().describe("Who made the change; null: the detector"),
  at: z.string(),
});

export const anomalySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
  workspaceSlug: z.string().describe("The workspace's dashboard is at /w/{workspaceSlug}/billing"),
  productArea: z.string().nullable().describe("null for budget flags"),
  kind: z.enum(ANOMALY_KINDS),
  severity: z.enum(SEVERITIES),
  startDate: z.string(),
  endDate: z.string(),
  expected: decimalString.describe("Quantity over the window (budget: the threshold's amount)"),
  observed: decimalString.describe("Quantity over the window (budget: the figure that crossed it)"),
  impactAmount: signedDecimalString
    .nullable()
    .describe("What the anomaly adds to the period's invoice (negative: takes off); null when unpriced"),
  currency: z.string().nullable(),
  threshold: z.number().int().nullable().describe("Budget flags: the percentage of the budget crossed"),
  budget: z
    .object({
      amount: decimalString.describe("The budget the threshold is a share of"),
      threshold: z.number().int().describe("The percentage of the budget crossed"),
      crossedBy: z
        .enum(["to_date", "projection"])
        .nullable()
        .describe(
          "The figure that crossed it: to_date, the cost so far; projection, the projected invoice; null: raised before this was kept",
        ),
      crossedOn: z.string().nullable().describe("The workspace's day (YYYY-MM-DD) the figure crossed it"),
      reachesOn: z
        .string()
        .nullable()
        .describe(
          "Crossed by the projection: the day (YYYY-MM-DD) the projected pace reaches the threshold (the days so far and each remaining day's forecast, priced), as of the flag's last update. null: crossed by the cost so far, or raised before this was kept",
        ),
    })
    .nullable()
    .describe("Budget flags: what crossed which threshold, and when; null for other kinds"),
  status: z.enum(ANOMALY_STATUSES),
  detectorVersion: z.string(),
  createdAt: z.string().describe("When the flag was raised"),
  updatedAt: z.string(),
  history: z.array(anomalyChangeSchema).describe("Status changes, oldest first: who, when, with what note"),
});

export const anomaliesPageSchema = z.object({ anomalies: z.array(anomalySchema), nextCursor: z.string().nullable() });

export const triagedAnomalySchema = z.object({ anomaly: anomalySchema });

export type AnomalyView = z.infer<typeof anomalySchema>;
export type AnomalyChange = z.infer<typeof anomalyChangeSchema>;
export type AnomaliesPage = z.infer<typeof anomaliesPageSchema>;
export type TriagedAnomaly = z.infer<typeof triagedAnomalySchema>;
