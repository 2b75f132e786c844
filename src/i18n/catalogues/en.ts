// Every word of bantin in English. Same keys and placeholders as ./vi.ts: a missing or extra key
// fails `npm run typecheck`, a different placeholder fails test/unit/catalogues.test.ts.
import type { Catalogue } from "./index.ts";

export const en = {
  // #region common: the site's shell (layout, footer), dates and lists
  "common.footer.topics": "Topics",
  "common.footer.digests": "Email digest",
  "common.dateTime": "{time}, {date}",
  // #endregion common

  // #region site: home, post, tag, archive and error pages
  // #endregion site

  // #region subscription: subscribe form, confirm and unsubscribe pages
  // #endregion subscription

  // #region email: the confirmation email and the digest (HTML, text, subject, footer)
  // #endregion email

  // #region digest-web: the digest's web edition and its progress pages
  // #endregion digest-web

  // #region console: its shell, sign-in and overview
  "console.state.post.draft": "Draft",
  "console.state.post.scheduled": "Scheduled",
  "console.state.post.published": "Published",
  "console.state.post.withdrawn": "Withdrawn",
  "console.state.subscriber.confirmed": "Confirmed",
  "console.state.subscriber.pending": "Awaiting confirmation",
  "console.state.subscriber.unsubscribed": "Unsubscribed",
  "console.state.subscriber.suppressed": "Suppressed",
  "console.consent.doubleOptIn": "signed up and confirmed by email",
  "console.consent.imported": "imported from CSV, confirmed elsewhere",
  "console.search.state": "State",
  "console.search.submit": "Search",
  "console.shell.title": "{page} · {site}",
  "console.shell.description": "The console of {site}: write posts, send the digest, manage subscribers.",
  "console.shell.brand": "{site} · Console",
  "console.shell.nav": "Console",
  "console.shell.nav.overview": "Overview",
  "console.shell.nav.posts": "Posts",
  "console.shell.nav.digest": "Digest",
  "console.shell.nav.subscribers": "Subscribers",
  "console.shell.nav.publicSite": "View site",
  "console.shell.signOut": "Sign out",
  "console.closed": "The console is closed: ADMIN_TOKEN is not set or is shorter than 32 characters.",
  "console.signIn.title": "Sign in",
  "console.signIn.signedOut": "You have signed out.",
  "console.signIn.prefilled": "The admin token from npm start’s link is filled in: press “Sign in”.",
  "console.signIn.token": "Admin token (ADMIN_TOKEN)",
  "console.signIn.tokenHint":
    "npm start prints this token when it starts, on the ADMIN_TOKEN line. Once deployed, it is the ADMIN_TOKEN secret.",
  "console.signIn.submit": "Sign in",
  "console.signIn.limits":
    "A session lasts up to {hours, plural, one {# hour} other {# hours}}. After {tries, plural, one {# wrong try} other {# wrong tries}}, wait {minutes, plural, one {# minute} other {# minutes}}.",
  "console.signIn.error.wrongToken": "That token is wrong. Paste the exact ADMIN_TOKEN.",
  "console.signIn.error.staleForm": "This sign-in page has expired. Enter the token again.",
  "console.signIn.error.throttled":
    "Too many wrong tokens from this device (here or through the admin API). Wait {minutes, plural, one {# minute} other {# minutes}} and try again.",
  "console.refused.title": "Request refused",
  "console.refused.session": "Your session has expired or you signed out, so nothing was changed.",
  "console.refused.csrf": "This form did not come from your console (or it is out of date), so nothing was changed.",
  "console.refused.signInAgain": "Sign in again",
  "console.refused.backToConsole": "Back to the console",
  "console.overview.title": "Overview",
  "console.overview.posts": "Posts",
  "console.overview.published": "{count, plural, one {# published} other {# published}}",
  "console.overview.postStates":
    "{draft, plural, one {# draft} other {# drafts}} · {scheduled, plural, one {# scheduled} other {# scheduled}} · {withdrawn, plural, one {# withdrawn} other {# withdrawn}}",
  "console.overview.newPost": "New post",
  "console.overview.subscribers": "Subscribers",
  "console.overview.confirmed": "{count, plural, one {# confirmed} other {# confirmed}}",
  "console.overview.subscriberStates":
    "{pending, plural, one {# awaiting confirmation} other {# awaiting confirmation}} · {unsubscribed, plural, one {# unsubscribed} other {# unsubscribed}} · {suppressed, plural, one {# suppressed} other {# suppressed}}",
  "console.overview.subscribersLink": "See the list, import or export CSV",
  "console.overview.next": "Next digest",
  "console.overview.number": "No. {number}",
  "console.overview.nextPosts":
    "{posts, plural, one {# new post} other {# new posts}} not sent yet; it will go to {recipients, plural, one {# confirmed subscriber} other {# confirmed subscribers}}.",
  "console.overview.nothingNew": "No new posts since the last digest.",
  "console.overview.digestLink": "Preview, send a test, send now",
  "console.overview.last": "Latest digest",
  "console.overview.lastSent": "Sent at {time} · {done}/{total} processed",
  "console.overview.status": "Delivery status",
  "console.overview.noneSent": "No digest sent yet.",
  "console.overview.scheduled": "Scheduled posts",
  "console.overview.scheduledAt": "<link>{title}</link>: goes live at {time}",
  // #endregion console

  // #region console-posts: the console's posts, post form and its checks
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  "console-digest.title": "Digest",
  "console-digest.heading": "Email digest",
  "console-digest.sending.label": "Digest {number}, being sent",
  "console-digest.sending.heading": "<link>Digest {number}</link>: sending",
  "console-digest.sending.open": "Open the status page to carry on sending",
  "console-digest.next": "Next digest",
  "console-digest.next.summary": "<strong>No. {number}</strong>: {subject} ({period}).",
  "console-digest.next.recipients":
    "It will go to {recipients, plural, one {# confirmed subscriber} other {# confirmed subscribers}}.",
  "console-digest.sendNow": "Send now…",
  "console-digest.test.label": "Send a test to one address",
  "console-digest.test.hint":
    "A test has {prefix} at the start of its subject, is not counted and is not added to the sending list. To a confirmed subscriber: the email exactly as sent, with their own unsubscribe link. To any other address: the email says it is a test and has no unsubscribe link.",
  "console-digest.test.submit": "Send test",
  "console-digest.preview.phone": "On a phone (360 px)",
  "console-digest.preview.phoneTitle": "Digest {number} on a phone",
  "console-digest.preview.desktop": "On a computer",
  "console-digest.preview.desktopTitle": "Digest {number} on a computer",
  "console-digest.preview.text": "Plain-text version (for mail apps that don’t show HTML)",
  "console-digest.nothingNew": "No new posts since the last digest, so there is nothing to send yet.",
  "console-digest.archive": "Sent digests",
  "console-digest.archive.none": "No digest sent yet.",
  "console-digest.archive.number": "No.",
  "console-digest.archive.subject": "Subject",
  "console-digest.archive.sentAt": "Sent at",
  "console-digest.archive.view": "View",
  "console-digest.archive.status": "Delivery status",
  "console-digest.archive.web": "Web edition",
  "console-digest.notice.nothingNew": "No new posts: nothing to send yet.",
  "console-digest.notice.taken": "Another run is already composing a digest from these posts.",
  "console-digest.test.tooMany":
    "You have sent many tests in the last {minutes, plural, one {# minute} other {# minutes}}; please wait a moment.",
  "console-digest.test.noMailer": "Not sent: {reason}",
  "console-digest.test.nothingNew": "No new posts: nothing to send as a test yet.",
  "console-digest.test.refused": "The mail server refused the test: {reason}",
  "console-digest.test.sent":
    "Test sent to {to}: “{subject}”. {recipient, select, subscriber {This is a confirmed subscriber: the email has their real unsubscribe link.} other {This address does not get the digest, so the email says it is a test and has no unsubscribe link.}}",
  "console-digest.confirm.title": "Send digest {number}",
  "console-digest.confirm.heading": "Send digest {number}?",
  "console-digest.confirm.changed":
    "The digest has changed since you opened this confirmation (new posts, or this number has already been sent). Please check it again.",
  "console-digest.confirm.recipients":
    "It will go to {recipients, plural, one {# confirmed subscriber} other {# confirmed subscribers}}.",
  "console-digest.confirm.final": "Sent emails cannot be recalled. Each subscriber gets each number only once.",
  "console-digest.confirm.submit": "Send to {recipients, plural, one {# person} other {# people}}",
  "console-digest.confirm.cancel": "Cancel",
  "console-digest.status.title": "Digest {number}: delivery status",
  "console-digest.status.heading": "Digest {number}",
  "console-digest.status.resume": "Resume sending",
  "console-digest.status.web": "Web edition",
  "console-digest.status.back": "Back to the digest",
  "console-digest.progress.count": "{done}/{total} ({percent}%) · {state}",
  "console-digest.progress.sending": "sending…",
  "console-digest.progress.paused": "paused",
  "console-digest.progress.stalled": "no progress: the queue will be restarted within a few minutes",
  "console-digest.progress.done": "done",
  "console-digest.progress.pause": "Paused: {reason}",
  "console-digest.progress.nobodyDropped":
    "No subscriber was removed from the list: this error is not caused by their addresses. Unsent emails are still waiting in the queue.",
  "console-digest.progress.resumesAt":
    "Sending will resume by itself at {time}, or as soon as you press the button below.",
  "console-digest.progress.fixMailer":
    "Fix the mail server settings (SMTP_URL, MAIL_FROM), then press the button below to carry on sending.",
  "console-digest.progress.queued": "Queued",
  "console-digest.progress.inFlight": "Sending",
  "console-digest.progress.sent": "Sent",
  "console-digest.progress.failed": "Failed",
  "console-digest.progress.skipped": "Skipped",
  "console-digest.progress.failures": "Failures",
  "console-digest.progress.failure": "{email}: {reason} ({attempts, plural, one {# attempt} other {# attempts}})",
  "console-digest.progress.deleted": "(deleted #{id})",
  // #endregion console-digest
} as const satisfies Catalogue;
