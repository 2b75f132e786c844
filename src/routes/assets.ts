import { Hono } from "hono";
import { FAVICON, FAVICON_BASE64, FAVICON_TYPE } from "../assets/favicon.ts";
import { strongEtag } from "../cache/rendition.ts";
import { etagMatches } from "../http/conditional.ts";
import type { AppEnv } from "./context.ts";

// The icon's URL has no version in it, so a month rather than forever; the ETag revalidates it.
const ICON_MAX_AGE = 30 * 24 * 3600;

let iconEtag: string | undefined;

export const assets = new Hono<AppEnv>();

assets.get("/favicon.ico", async (c) => {
  iconEtag ??= await strongEtag(FAVICON_BASE64);
  // no-transform: PNG data does not compress; an edge that gzipped it anyway would only change the ETag.
  const headers = { ETag: iconEtag, "Cache-Control": `public, max-age=${ICON_MAX_AGE}, no-transform` };
  if (etagMatches(c.req.header("If-None-Match") ?? "", iconEtag)) return c.body(null, 304, headers);
  return c.body(FAVICON, 200, { ...headers, "Content-Type": FAVICON_TYPE });
});
