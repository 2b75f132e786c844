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
  "console.shell.title": "{page} · {site}",
  "console.shell.description": "Bảng điều khiển của {site}: viết bài, gửi bản tin, quản lý người đăng ký.",
  "console.shell.brand": "{site} · Bảng điều khiển",
  "console.shell.nav": "Bảng điều khiển",
  "console.shell.nav.overview": "Tổng quan",
  "console.shell.nav.posts": "Bài viết",
  "console.shell.nav.digest": "Bản tin",
  "console.shell.nav.subscribers": "Người đăng ký",
  "console.shell.nav.publicSite": "Trang công khai",
  "console.shell.signOut": "Đăng xuất",
  "console.closed": "Bảng điều khiển đang đóng: ADMIN_TOKEN chưa đặt hoặc ngắn hơn 32 ký tự.",
  "console.signIn.title": "Đăng nhập",
  "console.signIn.signedOut": "Bạn đã đăng xuất.",
  "console.signIn.prefilled": "Mã quản trị từ liên kết của npm start đã được điền sẵn: bấm “Đăng nhập”.",
  "console.signIn.token": "Mã quản trị (ADMIN_TOKEN)",
  "console.signIn.tokenHint":
    "npm start in mã này khi khởi động, ở dòng ADMIN_TOKEN. Khi triển khai, đó là secret ADMIN_TOKEN.",
  "console.signIn.submit": "Đăng nhập",
  "console.signIn.limits":
    "Phiên đăng nhập kéo dài tối đa {hours, plural, other {# giờ}}. Sau {tries, plural, other {# lần}} nhập sai, hãy chờ {minutes, plural, other {# phút}}.",
  "console.signIn.error.wrongToken": "Mã không đúng. Hãy dán đúng ADMIN_TOKEN.",
  "console.signIn.error.staleForm": "Trang đăng nhập đã cũ. Hãy nhập lại mã.",
  "console.signIn.error.throttled":
    "Đã nhập sai mã quá nhiều lần từ máy này (ở đây hoặc qua API quản trị). Hãy chờ {minutes, plural, other {# phút}} rồi thử lại.",
  "console.refused.title": "Yêu cầu bị từ chối",
  "console.refused.session": "Phiên đăng nhập đã hết hạn hoặc đã đăng xuất, nên không có gì được thay đổi.",
  "console.refused.csrf":
    "Biểu mẫu này không đến từ bảng điều khiển của bạn (hoặc đã cũ), nên không có gì được thay đổi.",
  "console.refused.signInAgain": "Đăng nhập lại",
  "console.refused.backToConsole": "Về bảng điều khiển",
  "console.overview.title": "Tổng quan",
  "console.overview.posts": "Bài viết",
  "console.overview.published": "{count, plural, other {# đã đăng}}",
  "console.overview.postStates":
    "{draft, plural, other {# bản nháp}} · {scheduled, plural, other {# đã lên lịch}} · {withdrawn, plural, other {# đã gỡ}}",
  "console.overview.newPost": "Viết bài mới",
  "console.overview.subscribers": "Người đăng ký",
  "console.overview.confirmed": "{count, plural, other {# đã xác nhận}}",
  "console.overview.subscriberStates":
    "{pending, plural, other {# chờ xác nhận}} · {unsubscribed, plural, other {# đã hủy}} · {suppressed, plural, other {# bị chặn}}",
  "console.overview.subscribersLink": "Xem danh sách, nhập hoặc xuất CSV",
  "console.overview.next": "Bản tin tiếp theo",
  "console.overview.number": "Số {number}",
  "console.overview.nextPosts":
    "{posts, plural, other {# bài mới chưa gửi}}; sẽ tới {recipients, plural, other {# người đã xác nhận}}.",
  "console.overview.nothingNew": "Chưa có bài mới kể từ bản tin trước.",
  "console.overview.digestLink": "Xem trước, gửi thử, gửi ngay",
  "console.overview.last": "Bản tin gần nhất",
  "console.overview.lastSent": "Gửi lúc {time} · {done}/{total} đã xử lý",
  "console.overview.status": "Tình trạng gửi",
  "console.overview.noneSent": "Chưa gửi bản tin nào.",
  "console.overview.scheduled": "Bài đã lên lịch",
  "console.overview.scheduledAt": "<link>{title}</link>: đăng lúc {time}",
  // #endregion console

  // #region console-posts: the console's posts, post form and its checks
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  "console-digest.title": "Bản tin",
  "console-digest.heading": "Bản tin qua email",
  "console-digest.sending.label": "Bản tin số {number} đang gửi",
  "console-digest.sending.heading": "<link>Bản tin số {number}</link>: đang gửi",
  "console-digest.sending.open": "Mở trang tình trạng để tiếp tục gửi",
  "console-digest.next": "Bản tin tiếp theo",
  "console-digest.next.summary": "<strong>Số {number}</strong>: {subject} ({period}).",
  "console-digest.next.recipients": "Sẽ gửi tới {recipients, plural, other {# người đã xác nhận}}.",
  "console-digest.sendNow": "Gửi ngay…",
  "console-digest.test.label": "Gửi thử tới một địa chỉ",
  "console-digest.test.hint":
    "Bản thử có chữ {prefix} ở đầu tiêu đề, không được tính và không ghi vào danh sách gửi. Gửi tới người đăng ký đã xác nhận: thư đúng như bản thật, với liên kết hủy đăng ký của họ. Gửi tới địa chỉ khác: thư ghi rõ là bản thử, không có liên kết hủy.",
  "console-digest.test.submit": "Gửi thử",
  "console-digest.preview.phone": "Trên điện thoại (360 px)",
  "console-digest.preview.phoneTitle": "Bản tin số {number} trên điện thoại",
  "console-digest.preview.desktop": "Trên máy tính",
  "console-digest.preview.desktopTitle": "Bản tin số {number} trên máy tính",
  "console-digest.preview.text": "Bản văn bản thuần (cho hộp thư không hiện HTML)",
  "console-digest.nothingNew": "Chưa có bài mới kể từ bản tin trước, nên chưa có gì để gửi.",
  "console-digest.archive": "Các số đã gửi",
  "console-digest.archive.none": "Chưa gửi bản tin nào.",
  "console-digest.archive.number": "Số",
  "console-digest.archive.subject": "Tiêu đề",
  "console-digest.archive.sentAt": "Gửi lúc",
  "console-digest.archive.view": "Xem",
  "console-digest.archive.status": "Tình trạng gửi",
  "console-digest.archive.web": "Bản web",
  "console-digest.notice.nothingNew": "Không có bài mới: chưa có gì để gửi.",
  "console-digest.notice.taken": "Một lần chạy khác đang soạn bản tin từ chính các bài này.",
  "console-digest.test.tooMany": "Đã gửi thử nhiều lần trong {minutes, plural, other {# phút}} qua; hãy chờ một lát.",
  "console-digest.test.noMailer": "Chưa gửi được: {reason}",
  "console-digest.test.nothingNew": "Không có bài mới: chưa có gì để gửi thử.",
  "console-digest.test.refused": "Máy chủ thư không nhận bản thử: {reason}",
  "console-digest.test.sent":
    "Đã gửi bản thử tới {to}: “{subject}”. {recipient, select, subscriber {Đây là người đăng ký đã xác nhận: thư có liên kết hủy đăng ký thật của họ.} other {Địa chỉ này không nhận bản tin, nên thư ghi rõ là bản thử và không có liên kết hủy đăng ký.}}",
  "console-digest.confirm.title": "Gửi bản tin số {number}",
  "console-digest.confirm.heading": "Gửi bản tin số {number}?",
  "console-digest.confirm.changed":
    "Bản tin đã thay đổi từ lúc bạn mở trang xác nhận (có bài mới, hoặc số này đã được gửi). Hãy xem lại.",
  "console-digest.confirm.recipients": "Sẽ gửi tới {recipients, plural, other {# người đã xác nhận}}.",
  "console-digest.confirm.final": "Không thể gọi lại thư đã gửi. Người đăng ký chỉ nhận mỗi số một lần.",
  "console-digest.confirm.submit": "Gửi tới {recipients, plural, other {# người}}",
  "console-digest.confirm.cancel": "Thôi, quay lại",
  "console-digest.status.title": "Bản tin số {number}: tình trạng gửi",
  "console-digest.status.heading": "Bản tin số {number}",
  "console-digest.status.resume": "Tiếp tục gửi",
  "console-digest.status.web": "Bản web",
  "console-digest.status.back": "Về trang bản tin",
  "console-digest.progress.count": "{done}/{total} ({percent} %) · {state}",
  "console-digest.progress.sending": "đang gửi…",
  "console-digest.progress.paused": "tạm dừng",
  "console-digest.progress.stalled": "chưa có tiến triển: hàng đợi sẽ được khởi động lại trong vài phút",
  "console-digest.progress.done": "đã xong",
  "console-digest.progress.pause": "Tạm dừng: {reason}",
  "console-digest.progress.nobodyDropped":
    "Không người đăng ký nào bị loại khỏi danh sách: lỗi này không phải do địa chỉ của họ. Những thư chưa gửi vẫn chờ trong hàng đợi.",
  "console-digest.progress.resumesAt": "Việc gửi sẽ tự tiếp tục lúc {time}, hoặc ngay khi bạn bấm nút dưới đây.",
  "console-digest.progress.fixMailer":
    "Hãy sửa cấu hình máy chủ thư (SMTP_URL, MAIL_FROM) rồi bấm nút dưới đây để gửi tiếp.",
  "console-digest.progress.queued": "Chờ gửi",
  "console-digest.progress.inFlight": "Đang gửi",
  "console-digest.progress.sent": "Đã gửi",
  "console-digest.progress.failed": "Thất bại",
  "console-digest.progress.skipped": "Bỏ qua",
  "console-digest.progress.failures": "Thất bại",
  "console-digest.progress.failure": "{email}: {reason} ({attempts, plural, other {# lần}})",
  "console-digest.progress.deleted": "(đã xóa #{id})",
  // #endregion console-digest
} as const;

/** The key of every message bantin shows. */
export type MessageKey = keyof typeof vi;
