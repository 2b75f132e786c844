// Shared test helpers for the workerd tier.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import worker from "../src/index.ts";
import { TEST_ADMIN_TOKEN } from "./tokens.ts";

export { TEST_ADMIN_TOKEN };

export const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
export const REPORT_SLUG = "so-ket-cong-tac-dan-van-6-thang-dau-nam";
export const REPORT_TITLE = "Sơ kết công tác dân vận 6 tháng đầu năm";

/** Sends a request through the Worker's fetch handler, as the runtime would (with other bindings if given). */
export async function request(path: string, init?: RequestInit, bindings: Env = env): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`https://bantin.example${path}`, init), bindings, ctx);
  // Work the Worker left in waitUntil (e.g. a confirmation email) finishes before the test goes on.
  await waitOnExecutionContext(ctx);
  return res;
}

/** The editor's report, as `npm start` sends it. */
export function reportInput(): Record<string, unknown> {
  const post = env.TEST_POSTS.find((p) => p.input.slug === REPORT_SLUG);
  if (!post) throw new Error("content/posts has no report");
  return structuredClone(post.input);
}

/** A stand-in for a Queue binding that keeps what is sent to it, in order, in `sent`. */
export function recordingQueue<T>(): { queue: Queue; sent: T[] } {
  const sent: T[] = [];
  const queue = {
    async send(body: T) {
      sent.push(body);
    },
    async sendBatch(messages: { body: T }[]) {
      for (const m of messages) sent.push(m.body);
    },
  } as unknown as Queue;
  return { queue, sent };
}

/** Publishes through the admin API. */
export function publish(input: Record<string, unknown>): Promise<Response> {
  return request("/admin/posts", {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
}

/** The seed report's paragraphs, in order (the capture date line and blank lines left out). */
export function seedParagraphs(): string[] {
  return env.TEST_SEED.split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .slice(1);
}

/** Undoes the HTML escaping of text content, to compare with source text. */
export function unescapeHtml(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Markdown of a report: a lead paragraph, then `sections` sections of `paragraphs` paragraphs of `words` units each. */
export function reportMarkdown(
  paragraph: (words: number) => string,
  sections: number,
  paragraphs: number,
  words: number,
): string {
  return [
    paragraph(5),
    ...Array.from({ length: sections }, (_, i) =>
      [`## Phần ${i + 1}: kết quả công tác`, ...Array.from({ length: paragraphs }, () => paragraph(words))].join(
        "\n\n",
      ),
    ),
  ].join("\n\n");
}
