// Who gets which posts of a digest (test/audience-model.ts, the model the SQL is held to): pure rules, fixed times.
import { describe, expect, it } from "vitest";
import { type AudiencePost, type AudienceReader, editionsOf, editionWindows, postsFor } from "../audience-model.ts";

const T = Date.UTC(2026, 10, 30, 1, 0);
const posts: AudiencePost[] = [
  { id: "a", tags: ["lang-son", "dan-van"], publishedMs: T - 3000 },
  { id: "b", tags: ["kinh-te"], publishedMs: T - 2000 },
  { id: "c", tags: ["lang-son"], publishedMs: T - 1000 },
];
const reader = (over: Partial<AudienceReader>): AudienceReader => ({
  id: 1,
  topics: "all",
  frequency: "weekly",
  frequencyMs: null,
  ...over,
});
const none = new Set<string>();

describe("the posts of a digest one reader gets", () => {
  it("are those their topics take, once however many of a post's tags they chose", () => {
    expect(postsFor(reader({ topics: ["dan-van", "lang-son"] }), posts, none)).toEqual(["a", "c"]);
    expect(postsFor(reader({ topics: ["kinh-te"] }), posts, none)).toEqual(["b"]);
    expect(postsFor(reader({}), posts, none)).toEqual(["a", "b", "c"]);
  });

  it("leave out what their own emails brought them", () => {
    expect(postsFor(reader({}), posts, new Set(["a", "c"]))).toEqual(["b"]);
  });

  it("are none for a reader who always had each post, even of a post no email brought them (not by email)", () => {
    expect(postsFor(reader({ frequency: "each-post" }), posts, none)).toEqual([]);
  });

  it("are, for a reader who moved to each post, the posts published before the move that no email brought them", () => {
    const moved = reader({ frequency: "each-post", frequencyMs: T - 1500 });
    expect(postsFor(moved, posts, none)).toEqual(["a", "b"]);
    expect(postsFor(moved, posts, new Set(["b"]))).toEqual(["a"]);
  });
});

describe("the editions of a digest", () => {
  it("group readers by their set of posts, largest first, and count those with none", () => {
    const readers = [
      reader({ id: 1 }),
      reader({ id: 2, topics: ["kinh-te"] }),
      reader({ id: 3 }),
      reader({ id: 4, topics: ["van-hoa"] }),
      reader({ id: 5, frequency: "each-post" }),
      reader({ id: 6, topics: ["kinh-te"] }),
      reader({ id: 7 }),
    ];
    const { editions, nothingFor } = editionsOf(posts, readers, new Map([[7, new Set(["b"])]]));
    expect(editions).toEqual([
      { postIds: ["a", "b", "c"], subscribers: [1, 3] },
      { postIds: ["b"], subscribers: [2, 6] },
      { postIds: ["a", "c"], subscribers: [7] },
    ]);
    expect(nothingFor).toBe(2);
    expect(editionWindows(editions, 1)).toEqual([
      { edition: 1, ids: [1], editions: null },
      { edition: 1, ids: [3], editions: null },
      { edition: 2, ids: [2], editions: null },
      { edition: 2, ids: [6], editions: null },
      { edition: 3, ids: [7], editions: null },
    ]);
  });

  it("fill windows of full size across editions, in edition order, each window's ids ascending", () => {
    const editions = [
      { postIds: ["a", "b", "c"], subscribers: [4, 9, 12] },
      { postIds: ["b"], subscribers: [2, 6] },
      { postIds: ["a"], subscribers: [3] },
      { postIds: ["c"], subscribers: [1] },
    ];
    expect(editionWindows(editions, 3)).toEqual([
      { edition: 1, ids: [4, 9, 12], editions: null },
      { edition: 0, ids: [2, 3, 6], editions: [2, 3, 2] },
      { edition: 4, ids: [1], editions: null },
    ]);
    // Every reader in exactly one window, with their own edition.
    const seen = editionWindows(editions, 2).flatMap((w) => w.ids.map((id, i) => [id, w.editions?.[i] ?? w.edition]));
    expect(new Map(seen as [number, number][])).toEqual(
      new Map([
        [4, 1],
        [9, 1],
        [12, 1],
        [2, 2],
        [6, 2],
        [3, 3],
        [1, 4],
      ]),
    );
    expect(seen).toHaveLength(7);
  });
});
