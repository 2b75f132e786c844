// A digest carries the newest posts that fit in one email Gmail shows whole (under 100 KB of HTML);
// the others wait for the next digest, so a backlog of long posts is spread over digests, each
// post in exactly one, and no digest row grows past what D1 stores.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { DIGEST_HTML_BUDGET } from "../../src/digest/fit.ts";
import { publish, reportInput } from "../helpers.ts";
import { deliveryHarness } from "./harness.ts";

const { runScheduled } = deliveryHarness();
const POSTS = 12;

/** A long post: 10 sections of 3 one-sentence paragraphs of about 400 characters each. */
function longPost(i: number) {
  const sentence = `Câu ${i} nói về công tác dân vận ở cơ sở, ${"vận động Nhân dân tham gia phong trào thi đua, ".repeat(8)}kết thúc.`;
  const sections = Array.from(
    { length: 10 },
    (_, k) => `## Phần ${k + 1}\n\n${sentence}\n\n${sentence}\n\n${sentence}\n`,
  );
  return {
    ...reportInput(),
    id: `urn:uuid:00000000-0000-4000-8000-${String(100 + i).padStart(12, "0")}`,
    slug: `bai-dai-${i}`,
    title: `Bài dài số ${i}`,
    published: `2021-08-${String(i).padStart(2, "0")}T09:00:00+07:00`,
    key_points: undefined,
    markdown: `Mở đầu bài ${i}.\n\n${sections.join("\n")}`,
  };
}

const covered = async () =>
  (
    await env.DB.prepare(
      "SELECT d.digest_number AS n, p.published_ms AS t, length(CAST(g.email_html AS BLOB)) AS size FROM digest_posts d JOIN posts p ON p.id = d.post_id JOIN digests g ON g.number = d.digest_number ORDER BY n, t DESC",
    ).all<{ n: number; t: number; size: number }>()
  ).results;

beforeAll(async () => {
  for (let i = 1; i <= POSTS; i++) expect((await publish(longPost(i))).status).toBe(201);
});

describe("a backlog of long posts", () => {
  it("goes out over several digests, newest first, each email under Gmail's clipping size", async () => {
    for (let run = 0; run < POSTS; run++) await runScheduled();
    const rows = await covered();
    const digests = [...new Set(rows.map((r) => r.n))];
    expect(digests.length).toBeGreaterThan(1);
    // Every post in exactly one digest.
    expect(rows).toHaveLength(POSTS);
    for (const r of rows) expect(r.size).toBeLessThanOrEqual(DIGEST_HTML_BUDGET);
    // The first digest takes the newest posts; each later one the newest of what is left.
    const newestOf = (n: number) => Math.max(...rows.filter((r) => r.n === n).map((r) => r.t));
    const oldestOf = (n: number) => Math.min(...rows.filter((r) => r.n === n).map((r) => r.t));
    for (let k = 1; k < digests.length; k++) expect(newestOf(k + 1)).toBeLessThan(oldestOf(k));
  });
});
