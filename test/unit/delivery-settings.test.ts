// The delivery settings: defaults, and a value out of range refused with a message that names it.
import { describe, expect, it } from "vitest";
import { DEFAULT_DELIVERY, MAX_SMTP_CONNECTIONS, parseDeliverySettings } from "../../src/delivery/settings.ts";

describe("delivery settings", () => {
  it("default to the values the docs give, with SMTP connections within a Worker invocation's six", () => {
    expect(parseDeliverySettings({})).toEqual(DEFAULT_DELIVERY);
    expect(DEFAULT_DELIVERY.retryBaseSeconds).toBe(30);
    expect(DEFAULT_DELIVERY.smtpConnections).toBe(6);
    expect(parseDeliverySettings({ SMTP_CONNECTIONS: "2" }).smtpConnections).toBe(2);
  });

  it("refuse more SMTP connections than a Worker invocation may hold open, naming the setting", () => {
    expect(MAX_SMTP_CONNECTIONS).toBe(6);
    expect(() => parseDeliverySettings({ SMTP_CONNECTIONS: "8" })).toThrow(
      'SMTP_CONNECTIONS must be a whole number from 1 to 6, got "8".',
    );
    expect(() => parseDeliverySettings({ RETRY_BASE_SECONDS: "soon" })).toThrow(/RETRY_BASE_SECONDS must be/);
  });
});
