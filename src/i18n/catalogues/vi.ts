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
  "email.contact": "Liên hệ: {contact}",
  "email.confirm.subject": "Xác nhận đăng ký nhận {publication}",
  "email.confirm.preheader": "Bấm nút trong thư để bắt đầu nhận bản tin.",
  "email.confirm.intro":
    "Ai đó (có thể là bạn) vừa đăng ký địa chỉ email này để nhận {publication}. Bấm nút dưới đây để xác nhận.",
  "email.confirm.button": "Xác nhận đăng ký",
  "email.confirm.expiry":
    "Liên kết có hiệu lực trong {days, plural, other {# ngày}}. Nếu bạn không đăng ký, hãy bỏ qua thư này: bạn sẽ không nhận được thư nào khác.",
  "email.digest.subject": "{title} số {number}: {first}",
  "email.digest.subjectWithOthers": "{title} số {number}: {first} và {others, plural, other {# bài khác}}",
  "email.digest.testSubject": "[Thử] {subject}",
  "email.digest.period.day": "Ngày {date}",
  "email.digest.period.range": "Từ {from} đến {to}",
  "email.digest.heading": "Bản tin số {number}",
  "email.digest.readMore": "Đọc toàn văn →",
  "email.footer.why": "Bạn nhận được thư này vì đã đăng ký và xác nhận nhận bản tin của <home>{publication}</home>.",
  "email.footer.webView": "Xem bản tin trên web",
  "email.footer.unsubscribe": "Hủy đăng ký",
  "email.footer.testCopy":
    "Đây là bản thử của {publication}, do biên tập viên gửi tới địa chỉ này từ trang quản trị. Địa chỉ này hiện không nhận bản tin: nếu bạn không tự đăng ký, bạn sẽ không nhận thêm thư nào, nên không cần hủy đăng ký.",
  "email.footer.subscribe": "Đăng ký nhận {publication} qua email: <home>{url}</home>",
  // #endregion email

  // #region digest-web: the digest's web edition and its progress pages
  "digest-web.previewNotice":
    "Bản xem trước: bản tin này chưa được gửi. Đây là nội dung lần gửi tới sẽ có nếu không có bài mới.",
  "digest-web.title": "Bản tin số {number} – {title}",
  "digest-web.heading": "Bản tin số {number}",
  "digest-web.sent": "đã gửi {date}",
  "digest-web.textVersion": "bản văn bản",
  "digest-web.readMore": "Đọc toàn văn →",
  "digest-web.pager.label": "Các số bản tin",
  "digest-web.pager.previous": "← Bản tin số {number}",
  "digest-web.pager.all": "Tất cả các số",
  "digest-web.pager.next": "Bản tin số {number} →",
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
