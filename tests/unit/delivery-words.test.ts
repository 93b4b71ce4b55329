import { describe, expect, it } from "vitest";
import { formatDuration, responseOf, testOutcome } from "@/components/notifications/delivery-words";

const attempt = {
  id: "att_1",
  deliveryId: "dlv_1",
  eventId: "msg_00000000000000000000000000000001",
  type: "webhook.test",
  at: "2026-12-09T10:00:00.000Z",
  durationMs: 1204,
};

describe("delivery attempts in words", () => {
  it("says what the receiver answered, or why nothing came back", () => {
    expect(responseOf({ httpStatus: 204, error: null })).toBe("HTTP 204");
    expect(responseOf({ httpStatus: 500, error: "upstream down" })).toBe("HTTP 500: upstream down");
    expect(responseOf({ httpStatus: null, error: "connect ECONNREFUSED 127.0.0.1:9" })).toBe("connect ECONNREFUSED 127.0.0.1:9");
    expect(responseOf({ httpStatus: null, error: null })).toBe("No answer");
  });

  it("writes durations the page's locale's way", () => {
    expect(formatDuration(1204, "en-US")).toBe("1,204 ms");
    expect(formatDuration(1204, "de-DE")).toBe("1.204 ms");
  });

  it("announces a test's outcome", () => {
    expect(testOutcome({ ...attempt, httpStatus: 200, error: null, outcome: "succeeded" }, "en-GB")).toBe(
      "Test delivered: HTTP 200 in 1,204 ms.",
    );
    expect(testOutcome({ ...attempt, httpStatus: 410, error: null, outcome: "failed" }, "en-US")).toBe(
      "Test failed: HTTP 410 after 1,204 ms.",
    );
  });
});
