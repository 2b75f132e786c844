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
  "email.contact": "Contact: {contact}",
  "email.confirm.subject": "Confirm your subscription to {publication}",
  "email.confirm.preheader": "Press the button in this email to start receiving the newsletter.",
  "email.confirm.intro":
    "Someone (probably you) just signed up this email address to receive {publication}. Press the button below to confirm.",
  "email.confirm.button": "Confirm subscription",
  "email.confirm.expiry":
    "The link works for {days, plural, one {# day} other {# days}}. If you didn’t sign up, just ignore this email: you won’t hear from us again.",
  "email.digest.subject": "{title} no. {number}: {first}",
  "email.digest.subjectWithOthers":
    "{title} no. {number}: {first} and {others, plural, one {# other post} other {# other posts}}",
  "email.digest.testSubject": "[Test] {subject}",
  "email.digest.period.day": "{date}",
  "email.digest.period.range": "{from} to {to}",
  "email.digest.heading": "Issue {number}",
  "email.digest.readMore": "Read the full post →",
  "email.footer.why":
    "You’re receiving this because you subscribed to <home>{publication}</home> and confirmed your address.",
  "email.footer.webView": "View on the web",
  "email.footer.unsubscribe": "Unsubscribe",
  "email.footer.testCopy":
    "This is a test copy of {publication}, sent to this address by an editor from the console. This address doesn’t receive the newsletter: unless you sign up yourself, you won’t get anything else, so there’s nothing to unsubscribe from.",
  "email.footer.subscribe": "Get {publication} by email: <home>{url}</home>",
  // #endregion email

  // #region digest-web: the digest's web edition and its progress pages
  "digest-web.previewNotice":
    "Preview: this issue hasn’t been sent yet. It shows what the next one will hold if no new posts are published.",
  "digest-web.title": "Issue {number} – {title}",
  "digest-web.heading": "Issue {number}",
  "digest-web.sent": "sent {date}",
  "digest-web.textVersion": "plain text",
  "digest-web.readMore": "Read the full post →",
  "digest-web.pager.label": "Issues",
  "digest-web.pager.previous": "← Issue {number}",
  "digest-web.pager.all": "All issues",
  "digest-web.pager.next": "Issue {number} →",
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
  // #endregion console

  // #region console-posts: the console's posts, post form and its checks
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  // #endregion console-digest
} as const satisfies Catalogue;
