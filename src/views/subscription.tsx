// Pages of the subscription flow. Links in email only ever show one of these with a button;
// the state changes on the button's POST.
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { type Message, type MessageKey, siteText, type Translator } from "../i18n/index.ts";
import { type ChoiceWords, FREQUENCIES, type Frequency } from "../subscribers/choices.ts";
import { Layout } from "./layout.tsx";

const DOCTYPE = "<!doctype html>";

/** A page of the subscription flow: its heading, its body, and the way home. */
export function subscriptionPage(config: SiteConfig, title: string, path: string, body: Child): string {
  const t = siteText(config);
  return (
    DOCTYPE +
    (
      <Layout config={config} title={`${title} – ${config.title}`} path={path}>
        <h1>{title}</h1>
        {body}
        <p>
          <a href={absoluteUrl(config, "/")}>{t.t("site.backHome")}</a>
        </p>
      </Layout>
    ).toString()
  );
}

/** A tag a subscribe form subscribes to (on the tag's page): its slug and its name. */
export interface FormTopic {
  slug: string;
  name: string;
}

/** The name of each frequency, as the forms and the preference page offer it. */
export function frequencyName(t: Translator, frequency: Frequency): string {
  return t.t(frequency === "each-post" ? "reader-choice.frequency.eachPost" : "reader-choice.frequency.weekly");
}

/** Radio buttons for the frequency, each in its label. */
export function FrequencyChoice({ t, selected }: { t: Translator; selected: Frequency }) {
  return (
    <fieldset class="choices">
      <legend>{t.t("reader-choice.frequency.label")}</legend>
      {FREQUENCIES.map((f) => (
        <label key={f} class="choice">
          <input type="radio" name="frequency" value={f} checked={selected === f} /> {frequencyName(t, f)}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The subscribe form, shown on the home, post, tag and digest pages: on a tag's page it subscribes to
 * that tag, elsewhere to everything; either way with the frequency as a choice. `error` is what was
 * wrong with `value`.
 */
export function SubscribeForm({
  config,
  error,
  value,
  topic,
  frequency = "weekly",
}: {
  config: SiteConfig;
  error?: Message;
  value?: string;
  topic?: FormTopic;
  frequency?: Frequency;
}) {
  // Its own translator (cached): the form is placed by pages of other views, which pass only the settings.
  const t = siteText(config);
  return (
    <form class="subscribe" method="post" action={absoluteUrl(config, "/subscribe")}>
      <label for="email">
        {topic ? t.t("reader-choice.form.labelTopic", { name: topic.name }) : t.t("subscription.form.label")}
      </label>
      {topic ? <input type="hidden" name="topic" value={topic.slug} /> : null}
      <div class="row">
        <input
          id="email"
          name="email"
          type="email"
          required
          maxlength={254}
          autocomplete="email"
          placeholder={t.t("subscription.form.placeholder")}
          value={value ?? ""}
          aria-invalid={error ? "true" : undefined}
        />
        <button type="submit">{t.t("subscription.form.submit")}</button>
      </div>
      <FrequencyChoice t={t} selected={frequency} />
      {error ? (
        <p class="error" role="alert">
          {t.message(error)}
        </p>
      ) : (
        <p class="hint">{t.t("subscription.form.hint")}</p>
      )}
    </form>
  );
}

export function subscribeAcceptedPage(config: SiteConfig): string {
  const t = siteText(config);
  return subscriptionPage(
    config,
    t.t("subscription.accepted.heading"),
    "/subscribe",
    <p>{t.t("subscription.accepted.body")}</p>,
  );
}

/** The form again, with what was typed and chosen and what is wrong with it. */
export function subscribeErrorPage(
  config: SiteConfig,
  error: Message,
  value: string,
  chosen: { topic?: FormTopic; frequency?: Frequency } = {},
): string {
  const t = siteText(config);
  return subscriptionPage(
    config,
    t.t("subscription.error.heading"),
    "/subscribe",
    <SubscribeForm config={config} error={error} value={value} topic={chosen.topic} frequency={chosen.frequency} />,
  );
}

/** What a reader receives (or will, once confirmed), in their words: topics by name, and how often. */
export function ChoicesSummary({ t, topics, frequency }: { t: Translator } & ChoiceWords) {
  return (
    <ul class="chosen">
      <li>
        {t.t("reader-choice.summary.topics", {
          topics: topics === "all" ? t.t("reader-choice.topics.all") : t.list(topics),
        })}
      </li>
      <li>{t.t("reader-choice.summary.frequency", { frequency: frequencyName(t, frequency) })}</li>
    </ul>
  );
}

export function rateLimitedPage(config: SiteConfig): string {
  const t = siteText(config);
  return subscriptionPage(
    config,
    t.t("subscription.rateLimited.heading"),
    "/subscribe",
    <p>{t.t("subscription.rateLimited.body")}</p>,
  );
}

/** GET on a confirm link from an email: what it asks to confirm, and the button that confirms it. */
export function confirmPage(config: SiteConfig, token: string, email: string, asked: ChoiceWords): string {
  const t = siteText(config);
  const heading = t.t("subscription.confirm.heading");
  return subscriptionPage(
    config,
    heading,
    "/confirm",
    <form method="post" action={absoluteUrl(config, "/confirm")}>
      <p>{t.t("subscription.confirm.body", { email })}</p>
      <p>{t.t("reader-choice.confirm.asked")}</p>
      <ChoicesSummary t={t} topics={asked.topics} frequency={asked.frequency} />
      <input type="hidden" name="token" value={token} />
      <button type="submit">{heading}</button>
    </form>,
  );
}

/** After confirming: what the reader receives now, and the way to their preference page. */
export function confirmedPage(
  config: SiteConfig,
  now: ChoiceWords & { applied: boolean; preferencesUrl: string },
): string {
  const t = siteText(config);
  return subscriptionPage(
    config,
    t.t("subscription.confirmed.heading"),
    "/confirm",
    <>
      <p>{t.t(now.applied ? "subscription.confirmed.body" : "reader-choice.confirmed.stale")}</p>
      <p>{t.t("reader-choice.confirmed.receiving")}</p>
      <ChoicesSummary t={t} topics={now.topics} frequency={now.frequency} />
      <p>
        <a href={now.preferencesUrl}>{t.t("reader-choice.preferences.link")}</a>
      </p>
    </>,
  );
}

export function unsubscribedPage(config: SiteConfig): string {
  const t = siteText(config);
  return subscriptionPage(
    config,
    t.t("subscription.unsubscribed.heading"),
    "/unsubscribe",
    <p>{t.t("subscription.unsubscribed.body")}</p>,
  );
}

const TOKEN_PROBLEMS = {
  malformed: "subscription.token.malformed",
  forged: "subscription.token.forged",
  expired: "subscription.token.expired",
  unknown: "subscription.token.unknown",
} as const satisfies Record<string, MessageKey>;

export function tokenProblemPage(config: SiteConfig, reason: keyof typeof TOKEN_PROBLEMS): string {
  const t = siteText(config);
  return subscriptionPage(config, t.t("subscription.token.heading"), "/", <p>{t.t(TOKEN_PROBLEMS[reason])}</p>);
}
