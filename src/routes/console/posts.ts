import { Hono } from "hono";
import { atLeast } from "../../access/actor.ts";
import { may } from "../../access/roles.ts";
import { objectHistory } from "../../audit/repository.ts";
import type { DeliveryMessage } from "../../delivery/messages.ts";
import { postEmailOf } from "../../delivery/post-email-state.ts";
import { changeByEmail, sendEmailNow } from "../../delivery/post-sends.ts";
import { parseDeliverySettings } from "../../delivery/settings.ts";
import { digestCovering } from "../../digest/repository.ts";
import { consoleText } from "../../i18n/index.ts";
import { findMedia, type Media } from "../../media/repository.ts";
import { mediaPath, parseMediaReference } from "../../media/urls.ts";
import { emptyForm, type FieldErrors, formOf, type PostForm, parseForm, publishErrors } from "../../posts/form.ts";
import { previewPost, publishPost, type SaveAs } from "../../posts/publish.ts";
import {
  findBySlug,
  listPostSummaries,
  type PostState,
  postAuthority,
  postIdsBy,
  type StoredPost,
} from "../../posts/repository.ts";
import { slugify } from "../../posts/slug.ts";
import { withdrawPost } from "../../posts/withdraw.ts";
import {
  postFormPage,
  postsListPage,
  previewNoteFrame,
  type SavedAs,
  savedNotice,
  withdrawConfirmPage,
} from "../../views/console/posts.tsx";
import { postPage } from "../../views/pages.tsx";
import type { WebSubMessage } from "../../websub/messages.ts";
import { announceChange } from "../../websub/sweep.ts";
import { auditWho } from "../audit.ts";
import { type ConsoleContext, type ConsoleEnv, consoleUrl, field } from "./context.ts";
import { filesOf, uploadFiles } from "./media.ts";
import { formFrom } from "./post-form.ts";

export const posts = new Hono<ConsoleEnv>();

const PAGE_SIZE = 50;
/** A post's history on its page: its newest entries from the audit log. */
const HISTORY_SIZE = 200;
const STATES = new Set<string>(["draft", "scheduled", "published", "withdrawn"]);
const SAVE_AS: Record<string, SaveAs> = { draft: "draft", schedule: "scheduled", publish: "published" };

const SAVED = new Set<string>(["draft", "scheduled", "published", "restored", "updated", "unchanged", "withdrawn"]);

/** Lower case without diacritics (đ as d), so "so ket" finds "Sơ kết". */
const fold = (s: string) =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();

posts.get("/console/posts", async (c) => {
  const query = (c.req.query("q") ?? "").trim().slice(0, 200);
  const rawState = c.req.query("state") ?? "";
  const state = STATES.has(rawState) ? (rawState as PostState) : null;
  const needle = fold(query);
  // An author sees the posts they wrote; editors and owners every post.
  const actor = c.get("session").actor;
  const mine =
    atLeast(actor.role, "editor") || actor.staffId === null ? null : await postIdsBy(c.env.DB, actor.staffId);
  const all = (await listPostSummaries(c.env.DB)).filter(
    (p) =>
      (mine === null || mine.has(p.id)) &&
      (state === null || p.state === state) &&
      (needle === "" || fold(p.title).includes(needle)),
  );
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(c.req.query("page") ?? "1", 10) || 1));
  return c.html(
    postsListPage(c.get("config"), c.get("session"), {
      posts: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      query,
      state,
      page,
      pages,
      total: all.length,
    }),
  );
});

/** The library photo a form's lead image field names (shown beside it), if it names one. */
async function leadPhoto(c: ConsoleContext, form: PostForm): Promise<Media | null> {
  const ref = form.image ? parseMediaReference(form.image, c.get("config").siteUrl) : null;
  const m = ref ? await findMedia(c.env.DB, ref.hash) : null;
  return m && m.type === ref?.type ? m : null;
}

posts.get("/console/posts/new", (c) =>
  c.html(
    postFormPage(c.get("config"), c.get("session"), {
      form: emptyForm(c.get("config"), Date.now()),
      errors: {},
      existing: null,
    }),
  ),
);

/**
 * The photo chosen in the form's file input, stored in the library with the form's description and
 * made the lead image; the form unchanged when none was chosen, or what was wrong with it. It is
 * stored before the post is checked, so a post refused for another reason comes back with the photo
 * already in its lead image field (a browser cannot fill a file input again).
 */
async function withUploadedImage(c: ConsoleContext, form: PostForm): Promise<PostForm | FieldErrors> {
  const file = filesOf(c.get("form"), "image_file")[0];
  if (!file) return form;
  const given = (s: string) => (s.trim() === "" ? undefined : s.trim());
  const result = await uploadFiles(c, [file], {
    alt: form.imageDecorative ? "" : given(form.imageAlt),
    caption: given(form.imageCaption),
    credit: given(form.imageCredit),
  });
  if (!result.ok) return { image: result.console };
  const m = result.media[0];
  return m ? { ...form, image: mediaPath(m.hash, m.type) } : form;
}

/** Saves the posted form as a draft, scheduled or published post; a refusal shows the form again with its messages. */
async function save(c: ConsoleContext, existing: StoredPost | null) {
  const config = c.get("config");
  const me = c.get("session");
  const body = c.get("form");
  // An edit keeps the post's permanent id, whatever the form says; a new post has the id its form
  // was given, so that sending the form twice saves one post, and a slug already taken is a conflict.
  const posted = formFrom(body);
  let form = {
    ...posted,
    id: existing?.id ?? (posted.id || `urn:uuid:${crypto.randomUUID()}`),
    // Only who may change a post's email may mark it; a published post's mark is its email panel's.
    byEmail:
      may(me.actor, "POST /console/posts/:slug/email") && existing?.state !== "published" ? posted.byEmail : null,
  };
  const saveAs = SAVE_AS[field(body, "action")] ?? "draft";
  const authorId = existing ? ((await postAuthority(c.env.DB, { id: existing.id }))?.authorId ?? null) : null;
  const again = async (errors: FieldErrors, status: 400 | 409) =>
    c.html(postFormPage(config, me, { form, errors, existing, authorId, leadPhoto: await leadPhoto(c, form) }), status);
  const uploaded = await withUploadedImage(c, form);
  if (!("id" in uploaded)) return again(uploaded, 400);
  form = uploaded;
  const parsed = parseForm(form);
  if (!parsed.ok) return again(parsed.errors, 400);
  const result = await publishPost(c.env.DB, parsed.input, config, Date.now(), saveAs, me.actor.staffId, auditWho(c));
  if (result.status === "invalid" || result.status === "conflict") {
    return again(
      publishErrors(result, parsed.input.slug ?? slugify(parsed.input.title)),
      result.status === "conflict" ? 409 : 400,
    );
  }
  const state = result.post.state;
  const done: SavedAs =
    result.status === "unchanged"
      ? "unchanged"
      : state !== "published"
        ? state
        : result.status === "restored"
          ? "restored"
          : existing?.state === "published"
            ? "updated"
            : "published";
  if (state === "published" && done !== "unchanged") await announceChange(c.env.WEBSUB as Queue<WebSubMessage>);
  return c.redirect(consoleUrl(c, `/console/posts/${result.post.slug}?done=${done}`), 303);
}

posts.post("/console/posts/new", (c) => save(c, null));

posts.get("/console/posts/:slug", async (c) => {
  const post = await findBySlug(c.env.DB, c.req.param("slug"));
  if (!post) return c.notFound();
  const done = c.req.query("done") ?? "";
  // What the digest does with the post depends on whether one has carried it already.
  const notice = SAVED.has(done)
    ? savedNotice(c.get("config"), done as SavedAs, await digestCovering(c.env.DB, post.id))
    : undefined;
  const [email, covering] = await Promise.all([
    postEmailOf(c.env.DB, post.id, parseDeliverySettings(c.env).postEmailGraceMs),
    digestCovering(c.env.DB, post.id),
  ]);
  const form = formOf(post, email?.byEmail ?? true);
  return c.html(
    postFormPage(c.get("config"), c.get("session"), {
      form,
      errors: {},
      email: email ? { state: email.email, inDigest: covering !== null } : undefined,
      existing: post,
      authorId: (await postAuthority(c.env.DB, { id: post.id }))?.authorId ?? null,
      notice,
      leadPhoto: await leadPhoto(c, form),
      history: await objectHistory(c.env.DB, { type: "post", id: post.id }, HISTORY_SIZE),
    }),
  );
});

posts.post("/console/posts/:slug", async (c) => {
  const post = await findBySlug(c.env.DB, c.req.param("slug"));
  if (!post) return c.notFound();
  return save(c, post);
});

// A post's own email: "send now" (do=send-now), "not by email" (do=not-by-email) or by email again
// (do=by-email). Refused, changing nothing, once it started or a digest carried the post.
posts.post("/console/posts/:slug/email", async (c) => {
  const slug = c.req.param("slug");
  const post = await findBySlug(c.env.DB, slug);
  if (!post) return c.notFound();
  const what = field(c.get("form"), "do");
  const t = consoleText(c.get("config"));
  const settings = parseDeliverySettings(c.env);
  const now = Date.now();
  if (what === "send-now") {
    const sent = await sendEmailNow(
      c.env.DB,
      c.env.DELIVERIES as Queue<DeliveryMessage>,
      c.get("config"),
      post.id,
      now,
      settings.windowSize,
      auditWho(c),
    );
    if (sent.status === "refused") return c.text(t.t("reader-choice.postEmail.refused"), 409);
  } else if (what === "not-by-email" || what === "by-email") {
    const changed = await changeByEmail(c.env.DB, post.id, what === "by-email", now, auditWho(c));
    if (changed.status === "too-late") return c.text(t.t("reader-choice.postEmail.refused"), 409);
  } else return c.text(t.t("reader-choice.postEmail.unknown"), 400);
  return c.redirect(consoleUrl(c, `/console/posts/${post.slug}`), 303);
});

// Withdrawing is confirmed first, as erasing and sending are: the page says what it does.
posts.get("/console/posts/:slug/withdraw", async (c) => {
  const post = await findBySlug(c.env.DB, c.req.param("slug"));
  if (!post) return c.notFound();
  if (post.state !== "published") return c.redirect(consoleUrl(c, `/console/posts/${post.slug}`), 303);
  const sentIn = await digestCovering(c.env.DB, post.id);
  return c.html(withdrawConfirmPage(c.get("config"), c.get("session"), { post, sentIn }));
});

posts.post("/console/posts/:slug/withdraw", async (c) => {
  const result = await withdrawPost(c.env.DB, c.req.param("slug"), c.get("config"), Date.now(), auditWho(c));
  if (result.status === "not-found") return c.notFound();
  if (result.status === "not-published") {
    return c.text(consoleText(c.get("config")).t("console-posts.withdraw.notPublished"), 409);
  }
  // The hub pushes the changed feeds to their subscribers at once.
  if (result.status === "withdrawn") await announceChange(c.env.WEBSUB as Queue<WebSubMessage>);
  return c.redirect(consoleUrl(c, `/console/posts/${result.post.slug}?done=withdrawn`), 303);
});

// Previews: documents the post form frames (frame-ancestors 'self', see http/security.ts).
posts.get("/console/frame/post", (c) => c.html(previewNoteFrame(c.get("config"), {})));

posts.post("/console/frame/post", async (c) => {
  const config = c.get("config");
  const parsed = parseForm(formFrom(c.get("form")));
  if (!parsed.ok) return c.html(previewNoteFrame(config, parsed.errors), 400);
  return c.html(postPage(config, await previewPost(c.env.DB, parsed.input, config)));
});

posts.get("/console/frame/post/:slug", async (c) => {
  const post = await findBySlug(c.env.DB, c.req.param("slug"));
  if (!post) return c.notFound();
  return c.html(postPage(c.get("config"), post));
});
