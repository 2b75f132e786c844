// npm start: the Worker on local workerd with local D1, the editor's posts loaded, no account
// and no network. Reads PORT, SITE_URL, ADMIN_TOKEN, BANTIN_OWNER_EMAIL (and BANTIN_STATE_DIR) from
// the environment.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { adminTokenProblem, parseConfig } from "../src/config.ts";
import { LANGUAGES } from "../src/i18n/catalogues/index.ts";
import { servedLocally } from "../src/routes/local.ts";
import { everyMigrationApplied } from "./migrated.mjs";
import { publishAll, where } from "./publish.mjs";
import { FORWARDED_SETTINGS } from "./settings.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = path.join(root, "node_modules", ".bin", "wrangler");
const maildev = path.join(root, "node_modules", ".bin", "maildev");

function fail(message) {
  console.error(`\nnpm start: ${message}\n`);
  process.exit(1);
}

const port = Number(process.env.PORT || 8787);
if (!Number.isInteger(port) || port < 1 || port > 65535)
  fail(`PORT must be a port number (1-65535), got "${process.env.PORT}".`);
// localhost, not 127.0.0.1: browsers refuse passkeys (WebAuthn) on an IP address, and treat
// http://localhost as a secure context.
const siteUrl = process.env.SITE_URL || `http://localhost:${port}`;
let signInButton = "";
let linkButton = "";
try {
  const checked = parseConfig({
    SITE_URL: siteUrl,
    SITE_TITLE: "check",
    SITE_LANGUAGE: process.env.SITE_LANGUAGE,
    CONSOLE_LANGUAGE: process.env.CONSOLE_LANGUAGE,
    SITE_TIMEZONE: process.env.SITE_TIMEZONE,
    MAIL_FROM: process.env.MAIL_FROM,
    MAIL_REPLY_TO: process.env.MAIL_REPLY_TO,
  });
  for (const warning of checked.warnings) console.warn(`bantin: ${warning}`);
  signInButton = LANGUAGES[checked.consoleLanguage.catalogue].messages["console.signIn.submit"];
  linkButton = LANGUAGES[checked.consoleLanguage.catalogue].messages["console-staff.link.submit"];
} catch (err) {
  fail(err.message);
}
const stateDir = path.resolve(root, process.env.BANTIN_STATE_DIR || ".wrangler/state");

/** A secret kept in the state folder (0600): made once, the same at every start on this data. */
function keptSecret(name, make, usable = (value) => value !== "") {
  const file = path.join(stateDir, name);
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (usable(kept)) return kept;
  }
  const secret = make();
  mkdirSync(stateDir, { recursive: true });
  rmSync(file, { force: true });
  writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
  return secret;
}

// The development ADMIN_TOKEN is kept with the local data, so a restart signs nobody out of the
// console (sessions end when the token changes) and scripts keep theirs.
const adminTokenFile = path.join(stateDir, "bantin-admin-token");
if (process.env.ADMIN_TOKEN && adminTokenProblem(process.env.ADMIN_TOKEN)) {
  fail(
    `${adminTokenProblem(process.env.ADMIN_TOKEN)}: choose a longer one (openssl rand -base64 32), or unset ADMIN_TOKEN to use the development token npm start keeps in ${path.relative(root, adminTokenFile) || adminTokenFile}.`,
  );
}
const adminToken =
  process.env.ADMIN_TOKEN ||
  keptSecret(
    "bantin-admin-token",
    () => `dev-${randomBytes(32).toString("base64url")}`,
    (kept) => adminTokenProblem(kept) === null,
  );

// The token secret signs confirm and unsubscribe links; kept with the local data so links in
// emails sent before a restart still work.
const tokenSecret =
  process.env.TOKEN_SECRET || keptSecret("bantin-token-secret", () => randomBytes(32).toString("base64url"));

// Mail: SMTP_URL from the environment, else Postmark's API when POSTMARK_TOKEN is given, else a
// local MailDev inbox.
const smtpPort = Number(process.env.MAILDEV_SMTP_PORT || 1025);
const inboxPort = Number(process.env.MAILDEV_WEB_PORT || 1080);
const postmark = !process.env.SMTP_URL && Boolean(process.env.POSTMARK_TOKEN);
const localInbox = !process.env.SMTP_URL && !postmark;
const smtpUrl = process.env.SMTP_URL || (postmark ? "" : `smtp://127.0.0.1:${smtpPort}`);

// Settings reach the Worker through a private env file, not the command line. It lives in the
// state folder (beside the token secret), so a start killed with SIGKILL leaves nothing in /tmp;
// each start writes it afresh.
const envFile = path.join(stateDir, "bantin-dev.env");
// Local WebSub subscribers live on this machine: the hub may call loopback and private addresses.
const vars = {
  SITE_URL: siteUrl,
  ADMIN_TOKEN: adminToken,
  TOKEN_SECRET: tokenSecret,
  SMTP_URL: smtpUrl,
  WEBSUB_ALLOW_PRIVATE: "1",
  // wrangler dev answers /cdn-cgi/local/scheduled to any page with a scheduled event: the Worker
  // ignores them all, and the maintenance runs through POST /admin/maintenance (below). Only
  // npm run bench lets them through (BANTIN_BENCH_CRONS=1, on a throwaway server of its own), to
  // measure the crons as Cloudflare runs them.
  SCHEDULED_EVENTS: process.env.BANTIN_BENCH_CRONS === "1" ? "" : "ignore",
};
for (const key of FORWARDED_SETTINGS) {
  if (process.env[key]) vars[key] = process.env[key];
}
// wrangler.toml's description and sender name belong to its sample publication: a publication
// named in the environment (SITE_TITLE="County Bulletin") does not inherit them, so an English
// site shows no Vietnamese sentence it did not write. MAIL_FROM then defaults to the title.
if (process.env.SITE_TITLE) {
  for (const key of ["SITE_DESCRIPTION", "MAIL_FROM"]) vars[key] ??= "";
}
mkdirSync(stateDir, { recursive: true });
// Removed and created anew ("wx"), so the file is 0600 even if an older copy had other permissions.
rmSync(envFile, { force: true });
writeFileSync(
  envFile,
  Object.entries(vars)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join("\n"),
  { mode: 0o600, flag: "wx" },
);

const children = new Set();
let stopping = false;
function cleanup() {
  rmSync(envFile, { force: true });
}
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
  }, 5000);
  timer.unref();
  const wait = [...children].map(
    (c) => new Promise((resolve) => (c.exitCode !== null ? resolve() : c.once("exit", resolve))),
  );
  Promise.all(wait).then(() => {
    cleanup();
    process.exit(code);
  });
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
// However npm start ends (a failed step's process.exit included: wrangler dev refused its port, the
// migrations failed), nothing it started outlives it; MailDev would keep its ports.
process.on("exit", () => {
  for (const child of children) child.kill("SIGTERM");
});

function run(args, options = {}) {
  const child = spawn(options.command ?? wrangler, args, {
    cwd: root,
    stdio: options.stdio ?? "inherit",
    env: { ...process.env, ...options.env },
  });
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

function runToEnd(args) {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = run(args, { stdio: ["ignore", "pipe", "pipe"], env: { CI: "true" } });
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`wrangler ${args.join(" ")} failed:\n${output}`)),
    );
  });
}

async function waitUntilUp(url, worker, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (worker.exitCode !== null)
      throw new Error("wrangler dev exited before the site came up (see its output above).");
    try {
      // Not followed: a redirect (to SITE_URL, see src/routes/local.ts) is an answer too.
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
      const text = await res.text();
      if (/misconfigured/.test(text)) throw new Error(text);
    } catch (err) {
      if (/misconfigured/.test(String(err.message))) throw err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the site did not answer on ${url} within ${timeoutMs / 1000} s.`);
}

if (localInbox) {
  const inbox = run(
    ["--smtp", String(smtpPort), "--ip", "127.0.0.1", "--web", String(inboxPort), "--web-ip", "127.0.0.1", "--silent"],
    { command: maildev, stdio: ["ignore", "ignore", "inherit"] },
  );
  inbox.once("exit", (code) => {
    if (!stopping) {
      console.error(
        `The local inbox (MailDev) stopped (exit code ${code}); is port ${smtpPort} or ${inboxPort} in use? Set MAILDEV_SMTP_PORT / MAILDEV_WEB_PORT, or SMTP_URL.`,
      );
      stop(1);
    }
  });
}

// Wrangler only when there is something to apply (always on a first start).
if (!everyMigrationApplied(stateDir, path.join(root, "migrations"))) {
  try {
    await runToEnd(["d1", "migrations", "apply", "DB", "--local", "--persist-to", stateDir]);
  } catch (err) {
    fail(err.message);
  }
}

// DELIVERY_PROFILE=free runs the deliveries consumer as the Free-plan profile needs it deployed: one
// message (one window) per batch. wrangler dev reads batch sizes from its configuration only, so a
// copy of wrangler.toml with that change is written beside it (its relative paths stay right).
const config = vars.DELIVERY_PROFILE === "free" ? freeProfileConfig() : null;

function freeProfileConfig() {
  const lines = readFileSync(path.join(root, "wrangler.toml"), "utf8").split("\n");
  let queue = "";
  const changed = lines.map((line) => {
    if (/^\s*\[/.test(line)) queue = "";
    const name = /^\s*queue\s*=\s*"([^"]+)"/.exec(line);
    if (name) queue = name[1] ?? "";
    return queue === "bantin-deliveries" && /^\s*max_batch_size\s*=/.test(line) ? "max_batch_size = 1" : line;
  });
  const file = path.join(root, "wrangler.free.toml");
  // Written whole under another name, then renamed: two starts at once never read half a file.
  const partial = `${file}.${process.pid}`;
  writeFileSync(
    partial,
    `# Made by npm start from wrangler.toml for DELIVERY_PROFILE=free: do not edit.\n${changed.join("\n")}`,
  );
  renameSync(partial, file);
  return file;
}

const worker = run(
  [
    "dev",
    ...(config ? ["--config", config] : []),
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--persist-to",
    stateDir,
    "--env-file",
    envFile,
    "--show-interactive-dev-session=false",
    // wrangler dev's debugger port; by default the first free one from 9229, so two npm starts at
    // once (the tests run several) may both pick the same and the second fail. INSPECTOR_PORT sets it.
    ...(process.env.INSPECTOR_PORT ? ["--inspector-port", process.env.INSPECTOR_PORT] : []),
    "--log-level",
    process.env.WRANGLER_LOG_LEVEL || "warn",
  ],
  {
    // Without this, wrangler looks up workers.cloudflare.com for a sample `Request.cf` and, offline,
    // prints a DNS error that reads like a failure; its built-in sample serves local work as well.
    env: { CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false" },
  },
);
worker.once("exit", (code) => {
  if (!stopping) {
    cleanup();
    console.error(`wrangler dev stopped (exit code ${code}).`);
    process.exit(code || 1);
  }
});

// Where this script reaches the Worker: SITE_URL when it names this server (a GET at another local
// name is redirected there: src/routes/local.ts), else workerd's own address.
const local =
  servedLocally(siteUrl) && new URL(siteUrl).port === String(port)
    ? new URL(siteUrl).origin
    : `http://127.0.0.1:${port}`;

// The deployed Worker's maintenance cron ("* * * * *" in wrangler.toml) publishes scheduled posts and
// sweeps deliveries: claims left by a dead sender, queue messages lost (local queues lose them on a
// restart), breaker cooldowns. No cron fires locally: it runs at start and every minute, through the
// admin API (wrangler's --test-scheduled would let any web page start a digest with an <img>).
let maintenanceWarned = false;
function runMaintenance() {
  fetch(`${local}/admin/maintenance`, { method: "POST", headers: { Authorization: `Bearer ${adminToken}` } })
    .then((res) => {
      res.body?.cancel();
      // 429: this machine sent wrong tokens a moment ago; the next run is in a minute.
      if (res.status !== 200 && res.status !== 429 && !maintenanceWarned) {
        maintenanceWarned = true;
        console.error(`npm start: the maintenance run (POST /admin/maintenance) answered ${res.status}.`);
      }
    })
    .catch(() => {});
}

// The site's owner, BANTIN_OWNER_EMAIL (by default an address whose mail lands in MailDev): made when
// the site has no owner, and given a sign-in link at every start (any browser, once, 15 minutes).
const ownerEmail = process.env.BANTIN_OWNER_EMAIL || "owner@bantin.localhost";

/** The line npm start prints for the owner's link, or why there is none. */
async function ownerLink(base, token) {
  const res = await fetch(`${base}/admin/staff/owner-link`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ email: ownerEmail, name: ownerEmail.split("@")[0] }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.url) {
    return `  Owner       ${ownerEmail}: no sign-in link (${body.error ?? `the Worker answered ${res.status}`})`;
  }
  return `  Owner       ${body.url}  (${body.email}${body.created ? ", just made the site’s owner" : ""}: open it and press “${linkButton}”; it works once, within 15 minutes; later, ask for a link at ${siteUrl}/console/login)`;
}

try {
  await waitUntilUp(`${local}/`, worker);
  runMaintenance();
  setInterval(runMaintenance, 60_000).unref();
  const published = await publishAll(local, adminToken);
  const failed = published.filter((p) => p.status === "failed");
  if (failed.length > 0) throw new Error(failed.map((p) => `${where(p)}: ${p.error}`).join("\n"));
  const owner = servedLocally(siteUrl) ? await ownerLink(local, adminToken) : null;
  // The development token in the link fills in the sign-in form (only on a site served from this
  // machine: src/routes/console/auth.ts). A token of your own is not printed.
  const signInLink =
    !process.env.ADMIN_TOKEN && servedLocally(siteUrl)
      ? `${siteUrl}/console/login?token=${encodeURIComponent(adminToken)}`
      : null;
  const lines = [
    "",
    "bantin is running (local workerd, local D1; no account, no network needed)",
    "",
    `  Site        ${siteUrl}/`,
    ...published.map((p) => `  Post        ${p.url}  (${p.status})`),
    `  RSS 2.0     ${siteUrl}/rss.xml`,
    `  Atom 1.0    ${siteUrl}/atom.xml`,
    `  JSON Feed   ${siteUrl}/feed.json`,
    `  Tags        ${siteUrl}/tags  (each with its own RSS, Atom and JSON Feed)`,
    `  OPML        ${siteUrl}/feeds.opml  (Atom; /feeds-rss.opml and /feeds-json.opml for RSS and JSON Feed)`,
    `  Sitemap     ${siteUrl}/sitemap.xml`,
    `  WebSub hub  ${siteUrl}/websub`,
    `  Digests     ${siteUrl}/digests/latest`,
    signInLink
      ? `  Console     ${signInLink}  (open it and press “${signInButton}”)`
      : `  Console     ${siteUrl}/console  (sign in with your ADMIN_TOKEN)`,
    ...(owner ? [owner] : []),
    !localInbox
      ? `  Mail        via ${postmark ? "Postmark's API (POSTMARK_TOKEN" : "SMTP_URL"} from the environment${postmark ? ")" : ""}`
      : `  Inbox       http://127.0.0.1:${inboxPort}/  (MailDev: every email bantin sends lands here)`,
    "",
    process.env.ADMIN_TOKEN
      ? "  ADMIN_TOKEN from the environment"
      : `  ADMIN_TOKEN ${adminToken}  (development token, kept in ${path.relative(root, adminTokenFile) || adminTokenFile}; set ADMIN_TOKEN to choose one)`,
    `  Local data  ${path.relative(root, stateDir) || stateDir}`,
    "",
    "Stop with Ctrl+C.",
    "",
  ];
  console.log(lines.join("\n"));
} catch (err) {
  console.error(`\nnpm start: ${err.message}\n`);
  stop(1);
}
