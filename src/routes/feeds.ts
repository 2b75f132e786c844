import { Hono } from "hono";
import { rendition } from "../cache/rendition.ts";
import { FEED_PATHS, FEED_SIZE, FEED_TYPES, type FeedFormat, newestChange, renderFeed } from "../feeds/build.ts";
import { conditionalResponse } from "../http/conditional.ts";
import { listPosts } from "../posts/repository.ts";
import type { AppEnv } from "./context.ts";

// Readers poll every few minutes to hours; a 304 is the common answer.
const FEED_MAX_AGE = 300;

export const feeds = new Hono<AppEnv>();

for (const format of Object.keys(FEED_PATHS) as FeedFormat[]) {
  feeds.get(FEED_PATHS[format], async (c) => {
    const config = c.get("config");
    const r = await rendition(c.env.DB, `${c.get("renditionScope")}:${FEED_PATHS[format]}`, async () => {
      const { version, value: posts } = await listPosts(c.env.DB, FEED_SIZE);
      return {
        version,
        contentType: FEED_TYPES[format],
        lastModifiedMs: newestChange(posts).getTime(),
        body: renderFeed(format, posts, config),
      };
    });
    return r ? conditionalResponse(c.req.raw, r, FEED_MAX_AGE) : c.notFound();
  });
}
