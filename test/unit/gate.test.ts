import { describe, expect, it } from "vitest";
import { CallbackGate } from "../../src/websub/outbound.ts";

describe("the gate of requests to callbacks", () => {
  it("runs at most 6 at once and 2 per origin, the others in their order as places free up", async () => {
    const gate = new CallbackGate(6, 2);
    const running = new Map<string, number>();
    let most = 0;
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const task = (origin: string, name: string) =>
      gate.run(origin, async () => {
        started.push(name);
        running.set(origin, (running.get(origin) ?? 0) + 1);
        most = Math.max(
          most,
          [...running.values()].reduce((a, b) => a + b, 0),
        );
        expect(running.get(origin)).toBeLessThanOrEqual(2);
        await new Promise<void>((resolve) => releases.push(resolve));
        running.set(origin, (running.get(origin) ?? 1) - 1);
      });
    const all = [
      ...["h1", "h2", "h3", "h4"].map((n) => task("https://hang.example", n)),
      ...["g1", "g2", "g3", "g4", "g5", "g6"].map((n) => task(`https://good-${n}.example`, n)),
    ];
    await new Promise((r) => setTimeout(r, 0));
    // h3 and h4 wait for their origin; the good ones take the other four places.
    expect(started).toEqual(["h1", "h2", "g1", "g2", "g3", "g4"]);
    releases.shift()?.(); // h1 ends: h3 may go, its origin has a place again
    await new Promise((r) => setTimeout(r, 0));
    expect(started.at(-1)).toBe("h3");
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(all);
    expect(started).toHaveLength(10);
    expect(most).toBe(6);
  });
});
