// The staff in the console: people and invitations (owners), each person's own sessions and personal
// API tokens.

import { atLeast, ROLES, type Role } from "../../access/actor.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import type { ListedSession } from "../../console/repository.ts";
import { consoleText, type Message, type Translator } from "../../i18n/index.ts";
import { INVITATION_MS } from "../../staff/links.ts";
import type { ApiToken, Person } from "../../staff/repository.ts";
import { when } from "./labels.ts";
import {
  Breakable,
  CardsTable,
  Csrf,
  consolePage,
  described,
  Field,
  PostButton,
  roleLabel,
  type Viewer,
} from "./layout.tsx";
import { PasskeysSection, type PasskeysView } from "./passkeys.tsx";

/** A role picker: the roles up to `highest`. */
function RoleSelect(props: { t: Translator; id: string; selected: Role; highest: Role; label: string }) {
  return (
    <select id={props.id} name="role" aria-label={props.label}>
      {ROLES.filter((r) => atLeast(props.highest, r)).map((r) => (
        <option key={r} value={r} selected={r === props.selected}>
          {roleLabel(props.t, r)}
        </option>
      ))}
    </select>
  );
}

/** A required text or address field of these forms, with its message. */
function Input(props: {
  id: string;
  name: string;
  type: "text" | "email";
  label: string;
  value: string;
  error?: string;
}) {
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      <input
        id={props.id}
        name={props.name}
        type={props.type}
        required
        autocomplete="off"
        value={props.value}
        {...described(props.id, props.error, undefined)}
      />
    </Field>
  );
}

export interface StaffView {
  people: Person[];
  /** What the owner just did, said once. */
  notice?: { ok: boolean; text: Message };
  /** The invitation form as typed, and what was wrong with it. */
  form?: { email: string; name: string; role: Role };
  errors?: Partial<Record<"email" | "name" | "role", Message>>;
  /** An invitation link to pass on by hand (its email could not be sent). */
  inviteLink?: string;
}

function personState(t: Translator, p: Person): string {
  if (p.disabledMs !== null) return t.t("console-staff.people.disabled", { time: when(p.disabledMs, t) });
  if (p.lastSignInMs === null) return t.t("console-staff.people.invited");
  return t.t("console-staff.people.lastSignIn", { time: when(p.lastSignInMs, t) });
}

/** Owners' page: everyone on the staff, their role and state, the invitation form. */
export function staffPage(config: SiteConfig, me: Viewer, v: StaffView): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const error = (f: "email" | "name" | "role") => (v.errors?.[f] ? t.message(v.errors[f]) : undefined);
  const form = v.form ?? { email: "", name: "", role: "author" as Role };
  return consolePage({
    config,
    title: t.t("console-staff.people.title"),
    path: "/console/staff",
    me,
    children: (
      <>
        <h1>{t.t("console-staff.people.title")}</h1>
        {v.notice ? (
          <p class={v.notice.ok ? "notice" : "alert"} role={v.notice.ok ? "status" : "alert"}>
            {t.message(v.notice.text)}
          </p>
        ) : null}
        {v.inviteLink ? (
          <p class="panel">
            <Breakable text={v.inviteLink} />
          </p>
        ) : null}
        <p class="muted">{t.t("console-staff.people.roles")}</p>
        <CardsTable
          headings={[
            t.t("console-staff.people.name"),
            t.t("console-staff.people.email"),
            t.t("console-staff.people.role"),
            t.t("console-staff.people.state"),
            t.t("console-staff.people.actions"),
          ]}
        >
          {v.people.map((p) => (
            <tr key={String(p.id)}>
              <td>{p.name}</td>
              <td data-label={t.t("console-staff.people.email")}>
                <Breakable text={p.email} />
              </td>
              <td data-label={t.t("console-staff.people.role")}>
                <form method="post" action={url("/console/staff/role")} class="row">
                  <Csrf token={me.csrf} />
                  <input type="hidden" name="id" value={String(p.id)} />
                  <RoleSelect
                    t={t}
                    id={`role-${p.id}`}
                    selected={p.role}
                    highest="owner"
                    label={t.t("console-staff.people.roleOf", { name: p.name })}
                  />
                  <button type="submit" class="secondary">
                    {t.t("console-staff.people.changeRole")}
                  </button>
                </form>
              </td>
              <td data-label={t.t("console-staff.people.state")}>{personState(t, p)}</td>
              <td data-label={t.t("console-staff.people.actions")}>
                <PostButton
                  action={url(p.disabledMs === null ? "/console/staff/disable" : "/console/staff/enable")}
                  csrf={me.csrf}
                  fields={{ id: String(p.id) }}
                  label={
                    p.disabledMs === null ? t.t("console-staff.people.disable") : t.t("console-staff.people.enable")
                  }
                />
                {p.disabledMs === null && p.lastSignInMs === null ? (
                  <PostButton
                    action={url("/console/staff/invite")}
                    csrf={me.csrf}
                    fields={{ email: p.email, name: p.name, role: p.role }}
                    label={t.t("console-staff.people.resend")}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </CardsTable>
        <h2>{t.t("console-staff.invite.heading")}</h2>
        <form method="post" action={url("/console/staff/invite")} class="panel">
          <Csrf token={me.csrf} />
          <Input
            id="invite-email"
            name="email"
            type="email"
            label={t.t("console-staff.people.email")}
            value={form.email}
            error={error("email")}
          />
          <Input
            id="invite-name"
            name="name"
            type="text"
            label={t.t("console-staff.people.name")}
            value={form.name}
            error={error("name")}
          />
          <div class="field">
            <label for="invite-role">{t.t("console-staff.people.role")}</label>
            <select id="invite-role" name="role">
              {ROLES.map((r) => (
                <option key={r} value={r} selected={r === form.role}>
                  {roleLabel(t, r)}
                </option>
              ))}
            </select>
          </div>
          <p class="hint">{t.t("console-staff.invite.hint", { days: INVITATION_MS / 86_400_000 })}</p>
          <button type="submit">{t.t("console-staff.invite.submit")}</button>
        </form>
      </>
    ),
  });
}

/** "My sessions": every live session of the person (or of the ADMIN_TOKEN), this one marked, each can be ended. */
export function sessionsPage(
  config: SiteConfig,
  me: Viewer & { id: string },
  v: { sessions: ListedSession[]; notice?: Message; passkeys?: PasskeysView },
): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  return consolePage({
    config,
    title: t.t("console-staff.sessions.title"),
    path: "/console/sessions",
    me,
    children: (
      <>
        <h1>{t.t("console-staff.sessions.title")}</h1>
        {v.notice ? (
          <p class="notice" role="status">
            {t.message(v.notice)}
          </p>
        ) : null}
        <CardsTable
          headings={[
            t.t("console-staff.sessions.created"),
            t.t("console-staff.sessions.seen"),
            t.t("console-staff.sessions.expires"),
            t.t("console-staff.people.actions"),
          ]}
        >
          {v.sessions.map((s) => (
            <tr key={s.id}>
              <td>
                {when(s.createdMs, t)}
                {s.id === me.id ? (
                  <>
                    {" "}
                    <span class="badge">{t.t("console-staff.sessions.this")}</span>
                  </>
                ) : null}
              </td>
              <td data-label={t.t("console-staff.sessions.seen")}>{s.seenMs === null ? "" : when(s.seenMs, t)}</td>
              <td data-label={t.t("console-staff.sessions.expires")}>{when(s.expiresMs, t)}</td>
              <td data-label={t.t("console-staff.people.actions")}>
                <PostButton
                  action={url("/console/sessions/end")}
                  csrf={me.csrf}
                  fields={{ id: s.id }}
                  label={t.t("console-staff.sessions.end")}
                />
              </td>
            </tr>
          ))}
        </CardsTable>
        {v.passkeys ? <PasskeysSection config={config} t={t} csrf={me.csrf} v={v.passkeys} /> : null}
      </>
    ),
  });
}

export interface TokensView {
  tokens: ApiToken[];
  /** A token just made: shown this once. */
  created?: { token: string; name: string };
  notice?: Message;
  form?: { name: string; role: Role };
  errors?: Partial<Record<"name" | "role", Message>>;
}

/** Personal API tokens: one's own (an owner sees everyone's), the form that makes one. */
export function tokensPage(config: SiteConfig, me: Viewer, v: TokensView): string {
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  const error = (f: "name" | "role") => (v.errors?.[f] ? t.message(v.errors[f]) : undefined);
  const everyone = me.actor.role === "owner";
  const form = v.form ?? { name: "", role: me.actor.role };
  return consolePage({
    config,
    title: t.t("console-staff.tokens.title"),
    path: "/console/tokens",
    me,
    children: (
      <>
        <h1>{t.t("console-staff.tokens.title")}</h1>
        {v.created ? (
          <div class="notice" role="status">
            <p>{t.t("console-staff.tokens.created", { name: v.created.name })}</p>
            <p>
              <code>{v.created.token}</code>
            </p>
          </div>
        ) : null}
        {v.notice ? (
          <p class="notice" role="status">
            {t.message(v.notice)}
          </p>
        ) : null}
        <p class="muted">{t.t("console-staff.tokens.intro")}</p>
        {v.tokens.length === 0 ? (
          <p>{t.t("console-staff.tokens.none")}</p>
        ) : (
          <CardsTable
            headings={[
              t.t("console-staff.tokens.name"),
              everyone ? t.t("console-staff.tokens.owner") : null,
              t.t("console-staff.people.role"),
              t.t("console-staff.sessions.created"),
              t.t("console-staff.tokens.lastUsed"),
              t.t("console-staff.people.actions"),
            ]}
          >
            {v.tokens.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                {everyone ? (
                  <td data-label={t.t("console-staff.tokens.owner")}>
                    <Breakable text={k.email} />
                  </td>
                ) : null}
                <td data-label={t.t("console-staff.people.role")}>{roleLabel(t, k.role)}</td>
                <td data-label={t.t("console-staff.sessions.created")}>{when(k.createdMs, t)}</td>
                <td data-label={t.t("console-staff.tokens.lastUsed")}>
                  {k.lastUsedMs === null ? t.t("console-staff.tokens.never") : when(k.lastUsedMs, t)}
                </td>
                <td data-label={t.t("console-staff.people.actions")}>
                  {k.revokedMs !== null ? (
                    t.t("console-staff.tokens.revoked", { time: when(k.revokedMs, t) })
                  ) : (
                    <PostButton
                      action={url("/console/tokens/revoke")}
                      csrf={me.csrf}
                      fields={{ id: k.id }}
                      label={t.t("console-staff.tokens.revoke")}
                      ariaLabel={t.t("console-staff.tokens.revokeLabel", { name: k.name })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </CardsTable>
        )}
        <h2>{t.t("console-staff.tokens.heading")}</h2>
        {me.actor.kind === "staff" ? (
          <form method="post" action={url("/console/tokens")} class="panel">
            <Csrf token={me.csrf} />
            <Input
              id="token-name"
              name="name"
              type="text"
              label={t.t("console-staff.tokens.name")}
              value={form.name}
              error={error("name")}
            />
            <Field id="token-role" label={t.t("console-staff.people.role")} error={error("role")}>
              <RoleSelect
                t={t}
                id="token-role"
                selected={form.role}
                highest={me.actor.role}
                label={t.t("console-staff.people.role")}
              />
            </Field>
            <button type="submit">{t.t("console-staff.tokens.submit")}</button>
          </form>
        ) : (
          <p>{t.t("console-staff.tokens.needsPerson")}</p>
        )}
      </>
    ),
  });
}
