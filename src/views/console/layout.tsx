// The frame of every console page: the editor's navigation, sign-out, and one stylesheet that reads
// at 360 px and on a desktop, light and dark, with a visible focus ring for keyboard use.
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
// Fragment from the JSX runtime: "hono/jsx" itself brings hooks and the DOM renderer into the bundle.
import { Fragment } from "hono/jsx/jsx-runtime";
import type { Actor } from "../../access/actor.ts";
import { may, type RouteKey } from "../../access/roles.ts";
import { absoluteUrl, type SiteConfig } from "../../config.ts";
import { consoleText, type Translator } from "../../i18n/index.ts";

// On a phone (40rem and less), a table of class "cards" shows each row as a card: its first cell
// as the title, each other value after its column's name (the cell's data-label), so no column is
// squeezed until words break. Addresses wrap after "@" and before a dot (see Breakable).
const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#55585f;--bg:#fdfdfc;--panel:#f4f2ee;--accent:#a3261d;--on-accent:#fff;--rule:#d9d6cf;--ok:#1d6b34;--bad:#a3261d;--focus:#1a56c4;--field:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e9e7e2;--muted:#b0b3ba;--bg:#16171a;--panel:#212226;--accent:#f08a7e;--on-accent:#16171a;--rule:#3a3c43;--ok:#7fd49a;--bad:#f39b90;--focus:#8ab4ff;--field:#1c1d21}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.wrap{max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
header.bar{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;border-bottom:1px solid var(--rule);padding-bottom:.75rem;margin-bottom:1.25rem}
header.bar .brand{font-weight:700;margin-right:auto;color:inherit;text-decoration:none}
nav.main{display:flex;flex-wrap:wrap;gap:.25rem .75rem}
nav.main a{color:var(--fg);padding:.25rem .125rem}
nav.main a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.who{color:var(--muted);font-size:.9375rem}
h1{font-size:1.6rem;line-height:1.25;margin:.25rem 0 1rem;overflow-wrap:anywhere}
h2{font-size:1.2rem;line-height:1.3;margin:1.75rem 0 .5rem}
p{margin:0 0 .875rem;overflow-wrap:anywhere}
a{color:var(--accent);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.muted,.meta{color:var(--muted)}
.panel{background:var(--panel);border-radius:.5rem;padding:1rem;margin:0 0 1rem}
.grid{display:grid;gap:1rem;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));margin:0 0 1rem}
.grid .panel{margin:0}
.stat{font-size:1.6rem;font-weight:700;line-height:1.2}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.5rem .5rem .5rem 0;border-bottom:1px solid var(--rule)}
td{overflow-wrap:break-word}
th.num,td.num,table.counts td{text-align:right;font-variant-numeric:tabular-nums}
table.counts{width:auto;min-width:14rem}
table.counts th{font-weight:400;padding-right:2rem}
.scroll{overflow-x:auto}
@media (max-width:40rem){
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block}
table.cards tr{border-bottom:1px solid var(--rule);padding:.5rem 0}
table.cards td{border:0;padding:.125rem 0;text-align:left}
table.cards td:first-child{font-weight:600}
table.cards td[data-label]::before{content:attr(data-label) ": ";color:var(--muted);font-weight:400}
}
label{display:block;font-weight:600;margin:0 0 .25rem}
.field{margin:0 0 1rem}
input[type=text],input[type=email],input[type=password],input[type=search],input[type=datetime-local],input[type=file],select,textarea{font:inherit;color:var(--fg);background:var(--field);border:1px solid var(--muted);border-radius:.375rem;padding:.5rem .625rem;width:100%;max-width:100%}
textarea{min-height:6rem;resize:vertical}
textarea.body{min-height:22rem;font-family:ui-monospace,"Noto Sans Mono",Menlo,Consolas,monospace;font-size:.9375rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-start}
.row>.field>button{margin-top:1.75rem}
.row>.field{flex:1 1 12rem}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:0 0 .75rem}
.check input{margin-top:.3rem}
button,.button{display:inline-block;font-family:inherit;font-weight:600;font-size:1rem;line-height:1.2;padding:.625rem 1rem;border:2px solid var(--accent);border-radius:.375rem;background:var(--accent);color:var(--on-accent);cursor:pointer;text-decoration:none}
button.secondary,.button.secondary{background:transparent;color:var(--accent)}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
form.inline{display:inline}
.hint{color:var(--muted);font-size:.875rem;margin:.25rem 0 0}
.error{color:var(--bad);font-weight:600;margin:.25rem 0 0}
[aria-invalid=true]{border-color:var(--bad);border-width:2px}
.notice{border-left:4px solid var(--ok);background:var(--panel);padding:.75rem 1rem;margin:0 0 1rem}
.alert{border-left:4px solid var(--bad);background:var(--panel);padding:.75rem 1rem;margin:0 0 1rem}
.badge{display:inline-block;border:1px solid var(--muted);border-radius:1rem;padding:0 .5rem;font-size:.875rem;white-space:nowrap}
iframe{border:1px solid var(--rule);background:#fff;display:block}
.frames{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.frames figure{margin:0;min-width:0;max-width:100%}
iframe.page{width:100%;height:40rem}
iframe.phone{width:360px;height:640px}
iframe.desktop{width:100%;min-width:40rem;height:640px}
.frames figure.wide{flex:1 1 40rem;min-width:0}
.frames figcaption{font-weight:600;margin:0 0 .25rem}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);padding:1rem;border-radius:.5rem;font-size:.9375rem}
progress{-webkit-appearance:none;appearance:none;width:100%;height:1.25rem;border:1px solid var(--muted);border-radius:.375rem;background:var(--panel);color:var(--accent);overflow:hidden;vertical-align:middle}
progress::-webkit-progress-bar{background:var(--panel)}
progress::-webkit-progress-value{background:var(--accent)}
progress::-moz-progress-bar{background:var(--accent)}
ul.plain{padding-left:1.25rem}
img.thumb{max-width:100%;max-height:15rem;width:auto;height:auto;display:block;background:var(--panel)}
`;

export interface ConsoleLayoutProps {
  config: SiteConfig;
  title: string;
  /** Path of the page, to mark the current section in the navigation. */
  path: string;
  /** Who is signed in, with their session's CSRF token; absent on the sign-in pages (no navigation then). */
  me?: Viewer;
  /** Seconds after which the page reloads itself (the status of a digest being sent). */
  refresh?: number | null;
  /** A document shown in a frame of another console page: no header. */
  bare?: boolean;
  children: Child;
}

/** Who a page is shown to: what the console offers follows from their role (access/roles.ts). */
export interface Viewer {
  csrf: string;
  actor: Actor;
  /** The person's name, or "ADMIN_TOKEN". */
  name: string;
}

// Each section is offered to those who may open it.
const SECTIONS = [
  ["/console", "console.shell.nav.overview", "GET /console"],
  ["/console/posts", "console.shell.nav.posts", "GET /console/posts"],
  ["/console/media", "console.shell.nav.media", "GET /console/media"],
  ["/console/digest", "console.shell.nav.digest", "GET /console/digest"],
  ["/console/subscribers", "console.shell.nav.subscribers", "GET /console/subscribers"],
  ["/console/staff", "console-staff.nav.staff", "GET /console/staff"],
  ["/console/audit", "console-audit.nav", "GET /console/audit"],
] as const satisfies readonly (readonly [string, string, RouteKey])[];

/** The role's name in the console's words. */
export const roleLabel = (t: Translator, role: Actor["role"]) => t.t(`console-staff.role.${role}`);

function current(path: string, section: string): boolean {
  if (section === "/console") return path === "/console";
  return (
    path === section ||
    path.startsWith(`${section}/`) ||
    (section === "/console/digest" && path.startsWith("/console/digests"))
  );
}

/**
 * An address (or any such value) that may wrap after "@" and before each "." on a narrow screen,
 * and nowhere else.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=@)|(?=\.)/);
  return (
    <>
      {parts.map((part, i) => (
        // The parts of one string, in order: their place is their key.
        <Fragment key={String(i)}>
          {i > 0 ? <wbr /> : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** The hidden field that carries the session's CSRF token in every form. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/**
 * A table that reads as cards on a phone (see the stylesheet above): its column headings, then its
 * rows, whose cells after the first carry their heading as `data-label`. Headings left out (null)
 * are columns this page does not show.
 */
export function CardsTable(props: { headings: (string | null)[]; children: Child }) {
  return (
    <div class="scroll">
      <table class="cards">
        <thead>
          <tr>
            {props.headings.map((h, i) =>
              h === null ? null : (
                <th key={String(i)} scope="col">
                  {h}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/**
 * One secondary button that posts a small form: the CSRF token and the given hidden fields (a row's
 * id, say). `ariaLabel` names what it acts on where the button's own words do not.
 */
export function PostButton(props: {
  action: string;
  csrf: string;
  fields: Record<string, string>;
  label: string;
  ariaLabel?: string;
}) {
  return (
    <form method="post" action={props.action} class="inline">
      <Csrf token={props.csrf} />
      {Object.entries(props.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class="secondary" aria-label={props.ariaLabel}>
        {props.label}
      </button>
    </form>
  );
}

/** A console page as a document string, in the console's language (CONSOLE_LANGUAGE). */
export function consolePage(props: ConsoleLayoutProps): string {
  const { config, title, path, me, refresh, bare, children } = props;
  const t = consoleText(config);
  const url = (p: string) => absoluteUrl(config, p);
  return (
    "<!doctype html>" +
    (
      <html lang={t.tag}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="robots" content="noindex, nofollow" />
          {refresh ? <meta http-equiv="refresh" content={String(refresh)} /> : null}
          <title>{t.t("console.shell.title", { page: title, site: config.title })}</title>
          <meta name="description" content={t.t("console.shell.description", { site: config.title })} />
          {/* The stylesheet is a constant of this file; JSX would escape its quotes. */}
          <style>{raw(CSS)}</style>
        </head>
        <body>
          <div class="wrap">
            {bare ? null : (
              <header class="bar">
                <a class="brand" href={url(me ? "/console" : "/")}>
                  {t.t("console.shell.brand", { site: config.title })}
                </a>
                {me ? (
                  <>
                    <nav class="main" aria-label={t.t("console.shell.nav")}>
                      {SECTIONS.filter(([, , key]) => may(me.actor, key)).map(([p, label]) => (
                        <a key={p} href={url(p)} aria-current={current(path, p) ? "page" : undefined}>
                          {t.t(label)}
                        </a>
                      ))}
                      <a href={url("/")}>{t.t("console.shell.nav.publicSite")}</a>
                    </nav>
                    <p class="who">
                      {t.rich("console-staff.shell.who", {
                        name: me.actor.kind === "admin-token" ? t.t("console-staff.shell.adminToken") : me.name,
                        role: roleLabel(t, me.actor.role),
                        sessions: (chunks) => (
                          <a
                            href={url("/console/sessions")}
                            aria-current={path === "/console/sessions" ? "page" : undefined}
                          >
                            {chunks}
                          </a>
                        ),
                        tokens: (chunks) => (
                          <a
                            href={url("/console/tokens")}
                            aria-current={path === "/console/tokens" ? "page" : undefined}
                          >
                            {chunks}
                          </a>
                        ),
                      })}
                    </p>
                    <form class="inline" method="post" action={url("/console/logout")}>
                      <Csrf token={me.csrf} />
                      <button type="submit" class="secondary">
                        {t.t("console.shell.signOut")}
                      </button>
                    </form>
                  </>
                ) : null}
              </header>
            )}
            <main>{children}</main>
          </div>
        </body>
      </html>
    ).toString()
  );
}

/** A label, a control and the message about it (the control itself is a child). */
export function Field(props: { id: string; label: string; error?: string; hint?: string; children: Child }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.error ? (
        <p class="error" id={`${props.id}-error`}>
          {props.error}
        </p>
      ) : props.hint ? (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

/** The aria attributes a control takes from its field's message. */
export function described(id: string, error: string | undefined, hint: string | undefined) {
  return {
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : hint ? `${id}-hint` : undefined,
  };
}

/** A list's search: a text to look for and a state to keep to (GET, so the results can be bookmarked). */
export function SearchForm(props: {
  t: Translator;
  action: string;
  label: string;
  query: string;
  name: string;
  states: Record<string, string>;
  selected: string | null;
  allLabel: string;
  /** More fields of the search (other filters), before its button. */
  extra?: Child;
}) {
  return (
    <form method="get" action={props.action} class="row">
      <div class="field">
        <label for="q">{props.label}</label>
        <input id="q" name="q" type="search" value={props.query} />
      </div>
      <div class="field">
        <label for={props.name}>{props.t.t("console.search.state")}</label>
        <select id={props.name} name={props.name}>
          <option value="" selected={props.selected === null}>
            {props.allLabel}
          </option>
          {Object.entries(props.states).map(([value, label]) => (
            <option key={value} value={value} selected={props.selected === value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      {props.extra}
      <div class="field">
        <button type="submit">{props.t.t("console.search.submit")}</button>
      </div>
    </form>
  );
}
