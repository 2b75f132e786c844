import { may } from "../../access/roles.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { DigestStatus } from "../../delivery/repository.ts";
import { consoleText } from "../../i18n/index.ts";
import type { PostState, PostSummary } from "../../posts/repository.ts";
import type { SubscriberStatus } from "../../subscribers/repository.ts";
import { when } from "./labels.ts";
import { consolePage, type Viewer } from "./layout.tsx";

export interface Overview {
  posts: Record<PostState, number>;
  subscribers: Record<SubscriberStatus, number>;
  last: DigestStatus | null;
  lastSentMs: number | null;
  next: { number: number; newPosts: number };
  scheduled: PostSummary[];
}

/** `/console`: what there is, what went out last, what goes out next. */
export function overviewPage(config: SiteConfig, me: Viewer, o: Overview): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const done = o.last ? o.last.counts.sent + o.last.counts.failed + o.last.counts.skipped : 0;
  return consolePage({
    config,
    me,
    title: t.t("console.overview.title"),
    path: "/console",
    children: (
      <>
        <h1>{t.t("console.overview.title")}</h1>
        <div class="grid">
          <section class="panel" aria-labelledby="posts-h">
            <h2 id="posts-h">{t.t("console.overview.posts")}</h2>
            <p class="stat">{t.t("console.overview.published", { count: o.posts.published })}</p>
            <p>
              {t.t("console.overview.postStates", {
                draft: o.posts.draft,
                scheduled: o.posts.scheduled,
                withdrawn: o.posts.withdrawn,
              })}
            </p>
            <p>
              <a class="button" href={url("/console/posts/new")}>
                {t.t("console.overview.newPost")}
              </a>
            </p>
          </section>
          <section class="panel" aria-labelledby="subs-h">
            <h2 id="subs-h">{t.t("console.overview.subscribers")}</h2>
            <p class="stat">{t.t("console.overview.confirmed", { count: o.subscribers.confirmed })}</p>
            <p>
              {t.t("console.overview.subscriberStates", {
                pending: o.subscribers.pending,
                unsubscribed: o.subscribers.unsubscribed,
                suppressed: o.subscribers.suppressed,
              })}
            </p>
            {may(me.actor, "GET /console/subscribers") ? (
              <p>
                <a href={url("/console/subscribers")}>{t.t("console.overview.subscribersLink")}</a>
              </p>
            ) : null}
          </section>
          <section class="panel" aria-labelledby="next-h">
            <h2 id="next-h">{t.t("console.overview.next")}</h2>
            {o.next.newPosts > 0 ? (
              <>
                <p class="stat">{t.t("console.overview.number", { number: String(o.next.number) })}</p>
                <p>
                  {t.t("console.overview.nextPosts", {
                    posts: o.next.newPosts,
                    recipients: o.subscribers.confirmed,
                  })}
                </p>
              </>
            ) : (
              <p>{t.t("console.overview.nothingNew")}</p>
            )}
            <p>
              <a href={url("/console/digest")}>{t.t("console.overview.digestLink")}</a>
            </p>
          </section>
          <section class="panel" aria-labelledby="last-h">
            <h2 id="last-h">{t.t("console.overview.last")}</h2>
            {o.last && o.lastSentMs !== null ? (
              <>
                <p class="stat">{t.t("console.overview.number", { number: String(o.last.number) })}</p>
                <p>{o.last.subject}</p>
                <p>
                  {t.t("console.overview.lastSent", {
                    time: when(o.lastSentMs, t),
                    done: t.number(done),
                    total: t.number(o.last.total),
                  })}
                </p>
                {may(me.actor, "GET /console/digests/:number") ? (
                  <p>
                    <a href={url(`/console/digests/${o.last.number}`)}>{t.t("console.overview.status")}</a>
                  </p>
                ) : null}
              </>
            ) : (
              <p>{t.t("console.overview.noneSent")}</p>
            )}
          </section>
        </div>
        {o.scheduled.length > 0 ? (
          <>
            <h2>{t.t("console.overview.scheduled")}</h2>
            <ul class="plain">
              {o.scheduled.map((p) => (
                <li key={p.id}>
                  {t.rich("console.overview.scheduledAt", {
                    title: p.title,
                    time: when(p.publishedMs, t),
                    link: (chunks) => <a href={url(`/console/posts/${p.slug}`)}>{chunks}</a>,
                  })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </>
    ),
  });
}
