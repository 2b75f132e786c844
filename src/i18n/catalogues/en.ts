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
  // #endregion console

  // #region console-posts: the console's posts, post form and its checks
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  // #endregion console-digest
} as const satisfies Catalogue;
