// The reader's preference page, at the link every email carries (/unsubscribe?token=…): what they
// receive, a form to change it, and the unsubscribe button. Opening it changes nothing.
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { type Message, siteText } from "../i18n/index.ts";
import type { Choices } from "../subscribers/choices.ts";
import type { SubscriberStatus } from "../subscribers/repository.ts";
import { FrequencyChoice, subscriptionPage } from "./subscription.tsx";

/** A topic the page offers: a tag with published posts, or one the reader chose whose posts are gone. */
export interface OfferedTopic {
  slug: string;
  name: string;
  /** Its published posts (0: the reader's choice, kept so they can untick it). */
  count: number;
}

export interface PreferencesView {
  token: string;
  /** The address, as readers read it. */
  email: string;
  status: SubscriberStatus;
  /** What the form shows as chosen. */
  choices: Choices;
  offered: readonly OfferedTopic[];
  notice?: "saved" | "conflict";
  error?: Message;
}

/** `GET /unsubscribe?token=…` (and the answer to a save): the reader's choices, and the way out. */
export function preferencesPage(config: SiteConfig, v: PreferencesView): string {
  const t = siteText(config);
  const url = (path: string) => absoluteUrl(config, path);
  const chosen = (slug: string) => v.choices.topics !== "all" && v.choices.topics.includes(slug);
  const leave = (
    <>
      <h2>{t.t("reader-choice.page.leaveHeading")}</h2>
      <form method="post" action={url("/unsubscribe")}>
        <p>{t.t("subscription.unsubscribe.body", { email: v.email })}</p>
        <input type="hidden" name="token" value={v.token} />
        <button type="submit" class="secondary">
          {t.t("subscription.unsubscribe.heading")}
        </button>
      </form>
    </>
  );
  const home = (chunks: Array<string | Child>): Child => <a href={url("/")}>{chunks}</a>;
  let body: Child;
  if (v.status === "confirmed") {
    body = (
      <>
        <form method="post" action={url("/preferences")}>
          <input type="hidden" name="token" value={v.token} />
          <fieldset class="choices">
            <legend>{t.t("reader-choice.topics.label")}</legend>
            <p class="hint">{t.t("reader-choice.page.topicsHint")}</p>
            <label class="choice">
              <input type="checkbox" name="topic[]" value="*" checked={v.choices.topics === "all"} />{" "}
              {t.t("reader-choice.topics.all")}
            </label>
            {v.offered.length > 0 ? (
              <ul class="topics">
                {v.offered.map((topic) => (
                  <li key={topic.slug}>
                    <label class="choice">
                      <input type="checkbox" name="topic[]" value={topic.slug} checked={chosen(topic.slug)} />{" "}
                      {topic.count > 0
                        ? `${topic.name} ${t.t("site.tags.count", { count: topic.count })}`
                        : t.t("reader-choice.page.noPosts", { name: topic.name })}
                    </label>
                  </li>
                ))}
              </ul>
            ) : null}
          </fieldset>
          <FrequencyChoice t={t} selected={v.choices.frequency} />
          {v.error ? (
            <p class="error" role="alert">
              {t.message(v.error)}
            </p>
          ) : null}
          <p>
            <button type="submit">{t.t("reader-choice.page.save")}</button>
          </p>
        </form>
        {leave}
      </>
    );
  } else if (v.status === "pending") {
    body = (
      <>
        <p class="notice">{t.t("reader-choice.page.pending")}</p>
        {leave}
      </>
    );
  } else if (v.status === "unsubscribed") {
    body = (
      <p class="notice">
        {t.rich<"reader-choice.page.unsubscribed", Child>("reader-choice.page.unsubscribed", { home })}
      </p>
    );
  } else {
    body = <p class="notice">{t.t("reader-choice.page.suppressed", { contact: config.replyTo })}</p>;
  }
  return subscriptionPage(
    config,
    t.t("reader-choice.page.title"),
    "/unsubscribe",
    <>
      <p class="meta">{t.t("reader-choice.page.for", { email: v.email })}</p>
      {v.notice ? (
        <p class="notice" role="status">
          {t.t(v.notice === "saved" ? "reader-choice.page.saved" : "reader-choice.page.conflict")}
        </p>
      ) : null}
      {body}
    </>,
  );
}
