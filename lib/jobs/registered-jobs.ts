// Every background job the app and `npm run worker` run. Add new jobs here.
import "server-only";
import { anomalyJob } from "@/lib/anomalies/anomaly-job";
import { retentionJob } from "@/lib/maintenance/retention-job";
import { notificationJob } from "@/lib/notifications/notification-job";
import type { Job } from "./job";

export const registeredJobs: Job[] = [retentionJob, anomalyJob, notificationJob];
