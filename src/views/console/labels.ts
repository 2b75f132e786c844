// The console's words for states and consent, and its times, in the console's language. Pure.
import type { Translator } from "../../i18n/index.ts";
import type { PostState } from "../../posts/repository.ts";
import type { SubscriberStatus } from "../../subscribers/repository.ts";

/** Every post state, in the order the console lists them, with its name. */
export function postStates(t: Translator): Record<PostState, string> {
  return {
    draft: t.t("console.state.post.draft"),
    scheduled: t.t("console.state.post.scheduled"),
    published: t.t("console.state.post.published"),
    withdrawn: t.t("console.state.post.withdrawn"),
  };
}

/** Every subscriber state, in the order the console lists them, with its name. */
export function subscriberStates(t: Translator): Record<SubscriberStatus, string> {
  return {
    confirmed: t.t("console.state.subscriber.confirmed"),
    pending: t.t("console.state.subscriber.pending"),
    unsubscribed: t.t("console.state.subscriber.unsubscribed"),
    suppressed: t.t("console.state.subscriber.suppressed"),
  };
}

/** "08:05, Thứ Hai, 30/11/2026" (or "08:05, Monday, 30 November 2026") in the site's time zone. */
export function when(ms: number, t: Translator): string {
  return t.t("common.dateTime", { time: t.time(ms), date: t.date(ms) });
}

/** The same for a stored ISO 8601 time with its offset. */
export function whenIso(iso: string | null, t: Translator): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : when(ms, t);
}

/** How consent was given, in the console's words (the stored text when it has none). */
export function consentMethod(method: string | null, t: Translator): string {
  if (method === null) return "";
  if (method === "double-opt-in (web form)") return t.t("console.consent.doubleOptIn");
  if (method === "confirmed elsewhere (CSV import, attested by the editor)") return t.t("console.consent.imported");
  return method;
}
