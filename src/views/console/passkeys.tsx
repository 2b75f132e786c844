// Passkeys in the console: "Sign in with a passkey" on the sign-in page, and a person's passkeys on
// their "My sessions" page (listed, named, removable, and the form that adds one). The forms that need
// WebAuthn are hidden until /console/passkeys.js finds the browser able (assets/passkeys-script.ts).

import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { Message, Translator } from "../../i18n/index.ts";
import { PASSKEY_NAME_MAX } from "../../passkeys/passkeys.ts";
import type { Passkey } from "../../passkeys/repository.ts";
import { when } from "./labels.ts";
import { CardsTable, Csrf, described, Field, PostButton } from "./layout.tsx";

/** The script's tag: one file, allowed by path in the console's CSP (http/security.ts). */
function Script({ config }: { config: SiteConfig }) {
  return <script src={absoluteUrl(config, "/console/passkeys.js")} defer />;
}

/** What the script needs to say when the browser's part fails (it has no words of its own). */
const scriptTexts = (t: Translator) => ({
  "data-cancelled": t.t("console-passkeys.script.cancelled"),
  "data-failed": t.t("console-passkeys.script.failed"),
});

/**
 * Hidden until the script shows it: `hidden="hidden"`, as html-validate wants the attribute valued,
 * which hono's JSX types allow only as a boolean (rendered `hidden=""`).
 */
const HIDDEN: object = { hidden: "hidden" };

/** The fields the script fills with the browser's answer, base64url. */
function Answer({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <input key={name} type="hidden" name={name} value="" />
      ))}
    </>
  );
}

/** Where the script says what went wrong. */
const Status = () => <p class="error" role="status" aria-live="polite" data-passkey-status="" />;

/**
 * "Sign in with a passkey": no address typed, the browser offers this site's passkeys. Hidden until
 * the script runs in a browser with WebAuthn. `error` says why the last try signed nobody in.
 */
export function PasskeySignIn(props: {
  config: SiteConfig;
  t: Translator;
  formToken: string;
  next: string;
  error?: string;
}) {
  const { config, t } = props;
  return (
    <>
      {props.error ? (
        <p class="alert" role="alert">
          {props.error}
        </p>
      ) : null}
      <div data-passkey-box="" {...HIDDEN}>
        <form
          method="post"
          action={absoluteUrl(config, "/console/login/passkey")}
          class="panel"
          data-passkey="get"
          data-options={absoluteUrl(config, "/console/login/passkey/options")}
          {...scriptTexts(t)}
        >
          <input type="hidden" name="_form" value={props.formToken} />
          <input type="hidden" name="next" value={props.next} />
          <Answer names={["credential", "clientDataJSON", "authenticatorData", "signature", "userHandle"]} />
          <p class="muted">{t.t("console-passkeys.signIn.intro")}</p>
          <button type="submit">{t.t("console-passkeys.signIn.submit")}</button>
          <Status />
        </form>
      </div>
      <Script config={config} />
    </>
  );
}

export interface PasskeysView {
  /** False when SITE_URL names the host by an IP address: browsers refuse passkeys there. */
  available: boolean;
  /** False for the ADMIN_TOKEN's session: passkeys belong to a person. */
  person: boolean;
  passkeys: Passkey[];
  /** What was just done, or why it was refused. */
  notice?: { ok: boolean; text: Message };
  /** The name as typed, when the form comes back. */
  name?: string;
  nameError?: Message;
}

/** A person's passkeys and the form that adds one, on "My sessions". */
export function PasskeysSection(props: { config: SiteConfig; t: Translator; csrf: string; v: PasskeysView }) {
  const { config, t, csrf, v } = props;
  const url = (p: string) => absoluteUrl(config, p);
  const nameError = v.nameError ? t.message(v.nameError) : undefined;
  const nameHint = t.t("console-passkeys.add.nameHint");
  return (
    <section aria-labelledby="passkeys">
      <h2 id="passkeys">{t.t("console-passkeys.title")}</h2>
      {v.notice ? (
        <p class={v.notice.ok ? "notice" : "alert"} role={v.notice.ok ? "status" : "alert"}>
          {t.message(v.notice.text)}
        </p>
      ) : null}
      <p class="muted">{t.t("console-passkeys.intro")}</p>
      {!v.person ? (
        <p>{t.t("console-passkeys.needsPerson")}</p>
      ) : (
        <>
          {v.passkeys.length === 0 ? (
            <p>{t.t("console-passkeys.none")}</p>
          ) : (
            <CardsTable
              headings={[
                t.t("console-passkeys.name"),
                t.t("console-passkeys.created"),
                t.t("console-passkeys.lastUsed"),
                t.t("console-staff.people.actions"),
              ]}
            >
              {v.passkeys.map((k) => (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td data-label={t.t("console-passkeys.created")}>{when(k.createdMs, t)}</td>
                  <td data-label={t.t("console-passkeys.lastUsed")}>
                    {k.lastUsedMs === null ? t.t("console-passkeys.never") : when(k.lastUsedMs, t)}
                  </td>
                  <td data-label={t.t("console-staff.people.actions")}>
                    <PostButton
                      action={url("/console/passkeys/remove")}
                      csrf={csrf}
                      fields={{ id: k.id }}
                      label={t.t("console-passkeys.remove")}
                      ariaLabel={t.t("console-passkeys.removeLabel", { name: k.name })}
                    />
                  </td>
                </tr>
              ))}
            </CardsTable>
          )}
          {!v.available ? (
            <p class="alert">
              {t.t("console-passkeys.unavailable", {
                host: new URL(config.siteUrl).hostname,
                port: new URL(config.siteUrl).port || "80",
              })}
            </p>
          ) : (
            <>
              <p class="muted" data-passkey-absent="">
                {t.t("console-passkeys.needsScript")}
              </p>
              <div data-passkey-box="" {...HIDDEN}>
                <h3>{t.t("console-passkeys.add.heading")}</h3>
                <form
                  method="post"
                  action={url("/console/passkeys")}
                  class="panel"
                  data-passkey="create"
                  data-options={url("/console/passkeys/options")}
                  data-exists={t.t("console-passkeys.script.exists")}
                  {...scriptTexts(t)}
                >
                  <Csrf token={csrf} />
                  <Answer names={["credential", "userHandle", "clientDataJSON", "attestationObject", "transports"]} />
                  <Field id="passkey-name" label={t.t("console-passkeys.name")} error={nameError} hint={nameHint}>
                    <input
                      id="passkey-name"
                      name="name"
                      type="text"
                      required
                      maxlength={PASSKEY_NAME_MAX}
                      autocomplete="off"
                      value={v.name ?? ""}
                      {...described("passkey-name", nameError, nameHint)}
                    />
                  </Field>
                  <button type="submit">{t.t("console-passkeys.add.submit")}</button>
                  <Status />
                </form>
              </div>
              <Script config={config} />
            </>
          )}
        </>
      )}
    </section>
  );
}
