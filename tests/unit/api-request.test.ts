// The browser's request helper against real Response objects: what it sends, what it returns, and
// the error it throws for each kind of failed answer.
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiRequestError, apiResponse, requestJson } from "@/components/data/api-request";

function answerWith(response: Response | Error) {
  const fetchMock = vi.fn<typeof fetch>(async () => {
    if (response instanceof Error) throw response;
    return response;
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

afterEach(() => vi.unstubAllGlobals());

describe("requestJson", () => {
  it("returns a 2xx answer's JSON, asking for JSON with the session's cookies", async () => {
    const fetchMock = answerWith(json({ total: 3 }, 200));
    await expect(requestJson("/api/workspaces?search=a", { failure: "The workspaces could not be loaded" })).resolves.toEqual({
      total: 3,
    });
    expect(fetchMock).toHaveBeenCalledWith("/api/workspaces?search=a", {
      method: "GET",
      credentials: "same-origin",
      headers: { accept: "application/json" },
      body: undefined,
    });
  });

  it("sends a body as JSON, with its content type", async () => {
    const fetchMock = answerWith(json({ id: "f1" }, 200));
    await requestJson("/api/billing/anomalies/f1", { method: "PATCH", body: { status: "resolved", note: "ok" }, failure: "x" });
    expect(fetchMock).toHaveBeenCalledWith("/api/billing/anomalies/f1", {
      method: "PATCH",
      credentials: "same-origin",
      headers: { accept: "application/json", "content-type": "application/json" },
      body: '{"status":"resolved","note":"ok"}',
    });
  });

  it("returns undefined for 204 No Content", async () => {
    answerWith(new Response(null, { status: 204 }));
    await expect(requestJson("/api/x", { method: "DELETE", failure: "x" })).resolves.toBeUndefined();
  });

  it("throws the standard error body as an ApiRequestError with the API's message", async () => {
    const details = { issues: [{ path: ["amount"], message: "Too small" }] };
    answerWith(json({ error: { code: "bad_request", message: "The amount must be positive.", details } }, 400));
    const error = await requestJson("/api/billing/budget", { method: "PUT", body: {}, failure: "The budget could not be saved" }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 400, code: "bad_request", message: "The amount must be positive.", details });
  });

  it("falls back to '<failure> (<status>).' when the error body is not JSON", async () => {
    answerWith(new Response("<html><body>Bad Gateway</body></html>", { status: 502, headers: { "content-type": "text/html" } }));
    const error = await requestJson("/api/billing/usage", { failure: "The usage service failed" }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 502, code: "unknown", message: "The usage service failed (502).", details: undefined });
  });

  it("falls back the same way for JSON that is not the standard error body", async () => {
    answerWith(json({ message: "nope" }, 500));
    await expect(requestJson("/api/x", { failure: "The projection could not be made" })).rejects.toMatchObject({
      status: 500,
      code: "unknown",
      message: "The projection could not be made (500).",
    });
  });

  it("rejects with fetch's own error when the network fails", async () => {
    const offline = new TypeError("Failed to fetch");
    answerWith(offline);
    await expect(requestJson("/api/x", { failure: "x" })).rejects.toBe(offline);
  });
});

describe("apiResponse", () => {
  it("returns a 2xx answer unread, for a body read as it streams, without asking for JSON", async () => {
    const fetchMock = answerWith(new Response("day,2026-12-01\n", { status: 200, headers: { "content-type": "text/csv" } }));
    const response = await apiResponse("/api/billing/usage/export?workspaceId=w", { failure: "The export failed" });
    expect(response.bodyUsed).toBe(false);
    await expect(response.text()).resolves.toBe("day,2026-12-01\n");
    expect(fetchMock.mock.calls[0]![1]!.headers).toEqual({});
  });

  it("throws the standard error body for a refused export", async () => {
    answerWith(json({ error: { code: "forbidden", message: "You may not export this workspace's usage." } }, 403));
    await expect(apiResponse("/api/billing/usage/export", { failure: "The export failed" })).rejects.toMatchObject({
      name: "ApiRequestError",
      status: 403,
      code: "forbidden",
      message: "You may not export this workspace's usage.",
    });
  });
});
