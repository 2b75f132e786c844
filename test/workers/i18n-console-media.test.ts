// The console's photo library speaks the console's language: under the pseudo-language every word
// of the library, the upload's results page, every refusal (of a file, of a description, of a
// deletion) and the post form's lead image fields comes from the catalogue; in English none is
// Vietnamese. The whole page is read, the console's shell included; what the test wrote is content.
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { photo } from "../media.ts";
import { untranslatedInHtml } from "../untranslated.ts";
import { type Signed, signIn } from "./console-harness.ts";
import { emptyMedia, type ShownMedia, uploaded, uploadRaw } from "./media-helpers.ts";

const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

/** Everything this test writes that a page shows back (all ASCII). */
const TOO_LONG = "x".repeat(1001);
const CONTENT = [
  env.SITE_TITLE,
  "Delegates in the hall",
  "Photo post",
  "Ann Author",
  "Lead.",
  "evil.jpg",
  "Crowd",
  TOO_LONG,
];

const consoleIn = (language: string): Env => ({ ...env, CONSOLE_LANGUAGE: language }) as Env;

/** A post's form fields ("photo-post" is the one saved first: later forms take another slug). */
const postFields = (extra: Record<string, string>): Record<string, string> => ({
  title: "Photo post",
  slug: "photo-post-2",
  author: "Ann Author",
  date: "2026-11-20T09:00:00",
  offset: "+07:00",
  tags: "",
  summary: "",
  language: "en",
  markdown: "Lead.\r\n",
  action: "publish",
  ...extra,
});

let described: ShownMedia;
let bare: ShownMedia;

beforeAll(async () => {
  await emptyMedia();
  described = await uploaded(await uploadRaw(photo("jpeg"), "?alt=Delegates+in+the+hall&caption=Crowd&credit=Crowd"));
  bare = await uploaded(await uploadRaw(photo("png"), "", env, "image/png"));
  await uploaded(await uploadRaw(photo("webp"), "?alt=", env, "image/webp"));
  const s = await signIn();
  const saved = await s.post(
    "/console/posts/new",
    postFields({ slug: "photo-post", image: `/media/${described.hash}.jpg`, action: "draft" }),
  );
  expect(saved.status).toBe(303);
});

const files = (...list: File[]) => {
  const form = new FormData();
  for (const f of list) form.append("files", f);
  return form;
};

const postForm = (extra: Record<string, string>, file?: File) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(postFields(extra))) form.append(k, v);
  if (file) form.append("image_file", file);
  return form;
};

type Visited = { name: string; status: number; html: string };

/** Every page and answer of the library, in one language's console. */
async function visitAll(s: Signed): Promise<Visited[]> {
  const out: Visited[] = [];
  const page = async (name: string, res: Promise<Response>) => {
    const r = await res;
    out.push({ name, status: r.status, html: await r.text() });
  };
  await page("library", s.get("/console/media"));
  for (const done of ["saved", "deleted", "not-found"])
    await page(`library, ${done}`, s.get(`/console/media?done=${done}`));
  await page("results", s.upload("/console/media/upload", files(new File([photo("jpeg")], "again.jpg"))));
  await page("refused, svg", s.upload("/console/media/upload", files(new File([photo("svg")], "evil.jpg"))));
  await page("refused, html", s.upload("/console/media/upload", files(new File([photo("html")], "evil.jpg"))));
  await page("refused, heic", s.upload("/console/media/upload", files(new File([photo("heic")], "evil.jpg"))));
  await page("refused, bomb", s.upload("/console/media/upload", files(new File([photo("bomb")], "evil.jpg"))));
  await page(
    "refused, truncated",
    s.upload("/console/media/upload", files(new File([photo("jpeg").slice(0, 5000)], "evil.jpg"))),
  );
  await page("refused, one byte", s.upload("/console/media/upload", files(new File([new Uint8Array(1)], "evil.jpg"))));
  await page("refused, none", s.upload("/console/media/upload", files(new File([], ""))));
  await page(
    "refused, too many",
    s.upload("/console/media/upload", files(...Array.from({ length: 5 }, () => new File([photo("jpeg")], "evil.jpg")))),
  );
  await page(
    "describe, refused",
    s.post("/console/media/describe", {
      "hash[]": bare.hash,
      "alt[]": "Crowd",
      "decorative[]": bare.hash,
      "caption[]": "",
      "credit[]": "",
    }),
  );
  await page(
    "describe, too long",
    s.post("/console/media/describe", { "hash[]": bare.hash, "alt[]": TOO_LONG, "caption[]": "", "credit[]": "" }),
  );
  await page("delete, confirm", s.get(`/console/media/${bare.hash}/delete`));
  await page("delete, used", s.post(`/console/media/${described.hash}/delete`, {}));
  await page("post form, lead image", s.get("/console/posts/photo-post"));
  await page("post form, no alt", s.upload("/console/posts/new", postForm({ image: `/media/${bare.hash}.png` })));
  await page(
    "post form, not a library photo",
    s.upload("/console/posts/new", postForm({ image: "https://x.example/a.jpg" })),
  );
  await page(
    "post form, file refused",
    s.upload("/console/posts/new", postForm({ image_alt: "Crowd" }, new File([photo("svg")], "evil.jpg"))),
  );
  return out;
}

const EXPECTED_STATUS: Record<string, number> = {
  results: 200,
  "refused, svg": 415,
  "refused, html": 415,
  "refused, heic": 415,
  "refused, bomb": 422,
  "refused, truncated": 422,
  "refused, one byte": 415,
  "refused, none": 400,
  "refused, too many": 413,
  "describe, refused": 400,
  "describe, too long": 400,
  "delete, used": 409,
  "post form, no alt": 400,
  "post form, not a library photo": 400,
  "post form, file refused": 400,
};

describe("the console's photos under the pseudo-language", () => {
  it("show no word outside the catalogue on any page or refusal", async () => {
    const visited = await visitAll(await signIn(consoleIn("en-XA")));
    const found = visited.flatMap((v) => untranslatedInHtml(v.html, CONTENT).map((hit) => `${v.name}: ${hit}`));
    expect(found).toEqual([]);
    // Each page is the state it is named after.
    const statuses = Object.fromEntries(
      visited.filter((v) => v.name in EXPECTED_STATUS).map((v) => [v.name, v.status]),
    );
    expect(statuses).toEqual(EXPECTED_STATUS);
  });
});

describe("the console's photos in English", () => {
  it("show no Vietnamese letter on any page or refusal", async () => {
    const visited = await visitAll(await signIn(consoleIn("en")));
    const vietnamese = visited
      .filter((v) => VIETNAMESE.test(v.html.split(env.SITE_TITLE).join(" ")))
      .map((v) => v.name);
    expect(vietnamese).toEqual([]);
    const byName = new Map(visited.map((v) => [v.name, v.html]));
    const expected: Record<string, string[]> = {
      library: [
        "Photos",
        "3 photos, newest first",
        "No alt text yet",
        "Decorative (needs no alt text)",
        "Used in 1 post:",
      ],
      "library, deleted": ["Photo deleted"],
      results: ["0 new photos stored; 1 was already in the library", "Already in the library"],
      "refused, svg": ["“evil.jpg” (file 1): SVG images aren’t accepted", "Nothing was stored"],
      "refused, heic": ["HEIC/HEIF photos aren’t accepted"],
      "refused, bomb": ["at most 50 megapixels"],
      "refused, truncated": ["The file ends too early"],
      "refused, too many": ["5 files were chosen: at most 4 photos"],
      "refused, none": ["No photo was chosen."],
      "describe, refused": ["A decorative photo has no alt text"],
      "describe, too long": ["Alt text can be at most 1,000 characters."],
      "delete, confirm": ["Delete this photo?"],
      "delete, used": ["used in 1 post", ">Photo post</a>"],
      "post form, lead image": ["Lead image", "Or upload a new photo", "at most 20 MB"],
      "post form, no alt": ["Alt text: needs alt text"],
      "post form, not a library photo": ["Lead image: must be a photo from the media library"],
      "post form, file refused": ["Lead image: SVG images aren’t accepted"],
    };
    const missing = Object.entries(expected).flatMap(([name, words]) =>
      words.filter((w) => !byName.get(name)?.includes(w)).map((w) => `${name}: ${w}`),
    );
    expect(missing).toEqual([]);
  });
});
