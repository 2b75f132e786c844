// Every word of bantin a reader or an editor reads, in Vietnamese: the source catalogue. Its keys
// are the message keys of every other catalogue (see ./en.ts), and its placeholders type the
// values each call passes (../types.ts). Messages are ICU MessageFormat: `{name}`,
// `{count, plural, other {# bài}}`, `<link>…</link>` for text that wraps an element.
// Each region belongs to one part of the product; keep a key's prefix to its region.

export const vi = {
  // #region common: the site's shell (layout, footer), dates and lists
  "common.footer.topics": "Chủ đề",
  "common.footer.digests": "Bản tin qua email",
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
  "console.state.post.draft": "Bản nháp",
  "console.state.post.scheduled": "Đã lên lịch",
  "console.state.post.published": "Đã đăng",
  "console.state.post.withdrawn": "Đã gỡ",
  "console.state.subscriber.confirmed": "Đã xác nhận",
  "console.state.subscriber.pending": "Chờ xác nhận",
  "console.state.subscriber.unsubscribed": "Đã hủy",
  "console.state.subscriber.suppressed": "Bị chặn",
  "console.consent.doubleOptIn": "tự đăng ký và xác nhận qua email",
  "console.consent.imported": "nhập từ CSV, đã xác nhận ở nơi khác",
  "console.search.state": "Trạng thái",
  "console.search.submit": "Tìm",
  // #endregion console

  // #region console-posts: the console's posts, post form and its checks
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  // #endregion console-digest
} as const;

/** The key of every message bantin shows. */
export type MessageKey = keyof typeof vi;
