"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { EmailChoices, EmailSettings } from "@/components/notifications/types";
import { requestJson } from "./api-request";

const emailUrl = (workspaceId: string) => `/api/billing/notifications/email?workspaceId=${encodeURIComponent(workspaceId)}`;

/** Who gets alerts by e-mail, and whether this server can send any (GET /api/billing/notifications/email). */
export function useEmailSettings(workspaceId: string) {
  return useQuery({
    queryKey: ["email-notifications", workspaceId],
    queryFn: () => requestJson<EmailSettings>(emailUrl(workspaceId), { failure: "The e-mail choices could not be loaded" }),
  });
}

/** Saves the choices (PUT); the answer is the settings as stored, recipients included. */
export function useSaveEmailSettings(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (choices: EmailChoices) =>
      requestJson<EmailSettings>(emailUrl(workspaceId), { method: "PUT", body: choices, failure: "The e-mail choices could not be saved" }),
    onSuccess: (saved) => client.setQueryData(["email-notifications", workspaceId], saved),
  });
}
