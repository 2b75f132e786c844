// The delivery settings: defaults, and a value out of range refused with a message that names it.
import { describe, expect, it } from "vitest";
import {
  DEFAULT_DELIVERY,
  FREE_PROFILE,
  MAX_SMTP_CONNECTIONS,
  MAX_WINDOW_SIZE,
  MIN_CHEAP_WINDOW,
  parseDeliverySettings,
} from "../../src/delivery/settings.ts";

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

  it("carry windows of 50 recipients by default, 1 to 500 when set, cheap in queue operations from 30", () => {
    expect(DEFAULT_DELIVERY.windowSize).toBe(50);
    expect(DEFAULT_DELIVERY.windowSize).toBeGreaterThanOrEqual(MIN_CHEAP_WINDOW);
    expect(3 / MIN_CHEAP_WINDOW).toBeLessThanOrEqual(0.1);
    expect(parseDeliverySettings({ WINDOW_SIZE: "200" }).windowSize).toBe(200);
    expect(() => parseDeliverySettings({ WINDOW_SIZE: String(MAX_WINDOW_SIZE + 1) })).toThrow(
      'WINDOW_SIZE must be a whole number from 1 to 500, got "501".',
    );
  });

  it("under DELIVERY_PROFILE=free, send one window of 10 per invocation over 2 connections, unless told otherwise", () => {
    const free = parseDeliverySettings({ DELIVERY_PROFILE: "free" });
    expect(free).toMatchObject({ profile: "free", ...FREE_PROFILE });
    expect(free).toMatchObject({ windowSize: 10, windowsPerInvocation: 1, smtpConnections: 2 });
    expect(parseDeliverySettings({ DELIVERY_PROFILE: "free", WINDOW_SIZE: "15" }).windowSize).toBe(15);
    expect(parseDeliverySettings({ DELIVERY_PROFILE: "" }).profile).toBe("default");
    expect(() => parseDeliverySettings({ DELIVERY_PROFILE: "cheap" })).toThrow(
      'DELIVERY_PROFILE must be "free", "default" or empty, got "cheap".',
    );
  });
});
