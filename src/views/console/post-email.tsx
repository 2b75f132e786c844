// A post's own email on its console page: where it stands, "send now" and "not by email"; and the
// readers' post sets of the next digest and of a sent one.
import { may } from "../../access/roles.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { EmailState } from "../../delivery/post-email-state.ts";
import type { Translator } from "../../i18n/index.ts";
import { when } from "./labels.ts";
import { PostButton, type Viewer } from "./layout.tsx";

/** Where the post's email stands, in words. */
function stateText(t: Translator, e: EmailState): string {
  switch (e.state) {
    case "pending":
      return t.t("reader-choice.postEmail.pending", { time: when(e.dueMs, t) });
    case "started":
      return t.t("reader-choice.postEmail.started", { time: when(e.startedMs, t), recipients: e.recipients });
    case "not-by-email":
      return t.t("reader-choice.postEmail.notByEmail");
    case "cancelled":
      return t.t("reader-choice.postEmail.cancelled", { time: when(e.cancelledMs, t) });
    case "none":
      return t.t("reader-choice.postEmail.none");
  }
}

/** The post page's panel: the email's state, and the buttons an editor may use on it now. */
export function PostEmailPanel(props: {
  config: SiteConfig;
  me: Viewer;
  t: Translator;
  slug: string;
  email: EmailState;
  /** A digest (number above zero) carried the post already: its email can no longer change. */
  inDigest: boolean;
}) {
  const { config, me, t, slug, email } = props;
  const action = absoluteUrl(config, `/console/posts/${slug}/email`);
  const editor = may(me.actor, "POST /console/posts/:slug/email");
  const open = !props.inDigest && email.state !== "started";
  return (
    <section class="panel" aria-labelledby="post-email-h">
      <h2 id="post-email-h">{t.t("reader-choice.postEmail.heading")}</h2>
      <p>{stateText(t, email)}</p>
      {email.state === "started" && may(me.actor, "GET /console/digests/:number") ? (
        <p>
          <a href={absoluteUrl(config, `/console/digests/${email.number}`)}>{t.t("reader-choice.postEmail.status")}</a>
        </p>
      ) : null}
      {editor && open ? (
        // A div: a form may not sit inside a paragraph.
        <div class="actions">
          {email.state === "pending" ? (
            <PostButton
              action={action}
              csrf={me.csrf}
              fields={{ do: "send-now" }}
              label={t.t("reader-choice.postEmail.sendNow")}
            />
          ) : null}
          {email.state === "not-by-email" ? (
            <PostButton
              action={action}
              csrf={me.csrf}
              fields={{ do: "by-email" }}
              label={t.t("reader-choice.postEmail.byEmail")}
            />
          ) : (
            <PostButton
              action={action}
              csrf={me.csrf}
              fields={{ do: "not-by-email" }}
              label={t.t("reader-choice.postEmail.markNotByEmail")}
            />
          )}
        </div>
      ) : null}
    </section>
  );
}

/** Which readers get which posts: one row per set of posts, with how many readers get it, and those with none. */
export function PostSets(props: {
  t: Translator;
  sets: { titles: string[]; readers: number }[];
  nothingFor: number;
  renders?: number | null;
}) {
  const { t, sets } = props;
  return (
    <section aria-labelledby="post-sets-h">
      <h2 id="post-sets-h">{t.t("reader-choice.sets.heading")}</h2>
      <p class="hint">
        {t.t("reader-choice.sets.summary", { sets: sets.length, nothing: props.nothingFor })}
        {props.renders != null ? ` ${t.t("reader-choice.sets.renders", { renders: props.renders })}` : ""}
      </p>
      {sets.length > 0 ? (
        <div class="panel scroll">
          <table class="counts">
            <thead>
              <tr>
                <th scope="col">{t.t("reader-choice.sets.posts")}</th>
                <th scope="col" class="num">
                  {t.t("reader-choice.console.readers")}
                </th>
              </tr>
            </thead>
            <tbody>
              {sets.map((s) => (
                <tr key={s.titles.join("\n")}>
                  <th scope="row">{s.titles.join(" · ")}</th>
                  <td>{t.number(s.readers)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
