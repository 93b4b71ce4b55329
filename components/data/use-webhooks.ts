"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  NewWebhookEndpoint,
  TestSent,
  WebhookDeliveries,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from "@/components/notifications/types";
import { requestJson } from "./api-request";

const endpointsUrl = (workspaceId: string) => `/api/billing/webhooks?workspaceId=${encodeURIComponent(workspaceId)}`;
const endpointUrl = (id: string, action = "") => `/api/billing/webhooks/${encodeURIComponent(id)}${action && `/${action}`}`;
const endpointsKey = (workspaceId: string) => ["webhooks", workspaceId];

/** The workspace's webhook endpoints (GET /api/billing/webhooks). */
export function useWebhookEndpoints(workspaceId: string) {
  return useQuery({
    queryKey: endpointsKey(workspaceId),
    queryFn: () =>
      requestJson<{ endpoints: WebhookEndpoint[] }>(endpointsUrl(workspaceId), { failure: "The webhook endpoints could not be loaded" }),
  });
}

/**
 * An endpoint's latest delivery attempts and what waits to be sent
 * (GET /api/billing/webhooks/{id}/deliveries). `fast` polls every second, while a test is awaited.
 */
export function useWebhookDeliveries(endpointId: string, { fast }: { fast: boolean }) {
  return useQuery({
    queryKey: ["webhook-deliveries", endpointId],
    queryFn: () =>
      requestJson<WebhookDeliveries>(`${endpointUrl(endpointId, "deliveries")}?limit=10`, {
        failure: "The deliveries could not be loaded",
      }),
    refetchInterval: fast ? 1_000 : 60_000,
  });
}

/** Puts a changed endpoint into the list (a new one first: the API lists newest first), or takes a deleted one out. */
function useEndpointList(workspaceId: string) {
  const client = useQueryClient();
  const update = (change: (endpoints: WebhookEndpoint[]) => WebhookEndpoint[]) =>
    client.setQueryData<{ endpoints: WebhookEndpoint[] }>(
      endpointsKey(workspaceId),
      (list) => list && { endpoints: change(list.endpoints) },
    );
  return {
    put: ({ secret: _secret, ...endpoint }: WebhookEndpoint & { secret?: string }) =>
      update((endpoints) =>
        endpoints.some((e) => e.id === endpoint.id)
          ? endpoints.map((e) => (e.id === endpoint.id ? endpoint : e))
          : [endpoint, ...endpoints],
      ),
    remove: (id: string) => update((endpoints) => endpoints.filter((e) => e.id !== id)),
    refresh: () => client.invalidateQueries({ queryKey: endpointsKey(workspaceId) }),
  };
}

/** POST /api/billing/webhooks: a new endpoint, with its secret (shown once). */
export function useCreateWebhook(workspaceId: string) {
  const list = useEndpointList(workspaceId);
  return useMutation({
    mutationFn: (endpoint: NewWebhookEndpoint) =>
      requestJson<WebhookEndpointWithSecret>(endpointsUrl(workspaceId), {
        method: "POST",
        body: endpoint,
        failure: "The endpoint could not be added",
      }),
    onSuccess: list.put,
    onSettled: list.refresh,
  });
}

/** DELETE /api/billing/webhooks/{id}. */
export function useDeleteWebhook(workspaceId: string) {
  const list = useEndpointList(workspaceId);
  return useMutation({
    mutationFn: (id: string) =>
      requestJson<void>(endpointUrl(id), { method: "DELETE", failure: "The endpoint could not be deleted" }).then(() => id),
    onSuccess: list.remove,
    onSettled: list.refresh,
  });
}

/** POST /api/billing/webhooks/{id}/rotate-secret: a new secret; the old one signs for 24 hours more. */
export function useRotateWebhookSecret(workspaceId: string) {
  const list = useEndpointList(workspaceId);
  return useMutation({
    mutationFn: (id: string) =>
      requestJson<WebhookEndpointWithSecret>(endpointUrl(id, "rotate-secret"), {
        method: "POST",
        failure: "The secret could not be rotated",
      }),
    onSuccess: list.put,
  });
}

/** POST /api/billing/webhooks/{id}/enable: deliveries resume. */
export function useEnableWebhook(workspaceId: string) {
  const list = useEndpointList(workspaceId);
  return useMutation({
    mutationFn: (id: string) =>
      requestJson<WebhookEndpoint>(endpointUrl(id, "enable"), { method: "POST", failure: "The endpoint could not be enabled" }),
    onSuccess: list.put,
  });
}

/** POST /api/billing/webhooks/{id}/test: queues a test event; the job sends it within seconds. */
export function useSendTestWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => requestJson<TestSent>(endpointUrl(id, "test"), { method: "POST", failure: "The test could not be sent" }),
    onSuccess: (_sent, id) => client.invalidateQueries({ queryKey: ["webhook-deliveries", id] }),
  });
}
