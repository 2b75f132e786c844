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
  "console-posts.list.title": "Bài viết",
  "console-posts.list.new": "Viết bài mới",
  "console-posts.list.searchLabel": "Tìm theo tiêu đề",
  "console-posts.list.allStates": "Tất cả",
  "console-posts.list.count": "{count, plural, other {# bài}}",
  "console-posts.list.countPaged": "{count, plural, other {# bài}} · trang {page}/{pages}",
  "console-posts.list.empty": "Không có bài nào.",
  "console-posts.list.column.title": "Tiêu đề",
  "console-posts.list.column.state": "Trạng thái",
  "console-posts.list.column.published": "Ngày đăng",
  "console-posts.list.column.author": "Tác giả",
  "console-posts.list.pages": "Trang",
  "console-posts.list.previous": "← Trang trước",
  "console-posts.list.next": "Trang sau →",
  "console-posts.form.newTitle": "Viết bài mới",
  "console-posts.form.editTitle": "Sửa bài",
  "console-posts.form.editHeading": "Sửa bài: {title}",
  "console-posts.form.scheduledFor": "Sẽ đăng lúc {time}.",
  "console-posts.form.viewPublic": "Xem trên trang công khai",
  "console-posts.form.errorsIntro": "Chưa lưu được: hãy sửa các ô có thông báo lỗi.",
  "console-posts.form.title": "Tiêu đề",
  "console-posts.form.author": "Tác giả",
  "console-posts.form.slug": "Đường dẫn (slug)",
  "console-posts.form.slugHint": "Để trống để tạo từ tiêu đề. Chữ thường không dấu, số và dấu gạch nối.",
  "console-posts.form.published": "Ngày giờ đăng",
  "console-posts.form.publishedHint":
    "Ngày giờ đăng và múi giờ (Việt Nam: +07:00). Lên lịch: chọn một thời điểm trong tương lai.",
  "console-posts.form.offset": "Múi giờ",
  "console-posts.form.language": "Ngôn ngữ",
  "console-posts.form.tags": "Chủ đề",
  "console-posts.form.tagsHint": "Cách nhau bằng dấu phẩy, ví dụ: Dân vận, Lạng Sơn",
  "console-posts.form.summary": "Tóm tắt",
  "console-posts.form.summaryHint": "Để trống để lấy đoạn đầu của bài.",
  "console-posts.form.markdown": "Nội dung",
  "console-posts.form.markdownHint": "Markdown. Các đoạn trước tiêu đề ## đầu tiên là phần mở đầu; mỗi ## mở một mục.",
  "console-posts.form.keyPoints": "Ý chính của từng mục (cho bản tin email)",
  "console-posts.form.noSections":
    "Bài chưa có mục nào (tiêu đề ##). Sau khi thêm mục, bấm Xem trước hoặc Lưu nháp để nhập ý chính cho từng mục.",
  "console-posts.form.sectionGone": "(mục này không còn trong bài)",
  "console-posts.form.keyPointsHint":
    "Mỗi dòng một ý. Để trống để lấy câu đầu của từng đoạn văn và từng ý gạch đầu dòng trong mục.",
  "console-posts.form.preview": "Xem trước",
  "console-posts.form.saveDraft": "Lưu nháp",
  "console-posts.form.schedule": "Lên lịch",
  "console-posts.form.update": "Cập nhật bài đã đăng",
  "console-posts.form.restore": "Đăng lại",
  "console-posts.form.publish": "Xuất bản ngay",
  "console-posts.form.withdraw": "Gỡ bài khỏi trang, nguồn tin và bản tin…",
  "console-posts.form.previewHeading": "Bản xem trước",
  "console-posts.form.previewHint": "Bài như bạn đọc sẽ thấy. Bấm “Xem trước” để cập nhật theo nội dung đang sửa.",
  "console-posts.form.previewFrame": "Bản xem trước của bài",
  "console-posts.preview.title": "Bản xem trước",
  "console-posts.preview.empty": "Bấm “Xem trước” để xem bài như bạn đọc sẽ thấy.",
  "console-posts.preview.errorsIntro": "Chưa xem trước được:",
  "console-posts.field.title": "Tiêu đề",
  "console-posts.field.slug": "Đường dẫn",
  "console-posts.field.author": "Tác giả",
  "console-posts.field.published": "Ngày giờ đăng",
  "console-posts.field.tags": "Chủ đề",
  "console-posts.field.summary": "Tóm tắt",
  "console-posts.field.language": "Ngôn ngữ",
  "console-posts.field.keyPoints": "Ý chính",
  "console-posts.field.markdown": "Nội dung",
  "console-posts.field.error": "{label}: {problem}",
  "console-posts.problem.empty": "không được để trống",
  "console-posts.problem.minPoints": "cần ít nhất một ý",
  "console-posts.problem.maxItems": "tối đa {max, number} mục",
  "console-posts.problem.maxChars": "tối đa {max, number} ký tự",
  "console-posts.problem.nesting": "lồng trích dẫn hoặc danh sách quá 20 cấp",
  "console-posts.problem.format.slug": "chỉ gồm chữ thường không dấu (a-z), số và dấu gạch nối",
  "console-posts.problem.format.published":
    "cần là ngày giờ có thật trong các năm 1900–2099, với múi giờ dạng +07:00 (tối đa ±14:00)",
  "console-posts.problem.format.tags": "không được chứa < hoặc >",
  "console-posts.problem.format.language": "cần là mã ngôn ngữ, ví dụ vi",
  "console-posts.problem.other": "{detail}",
  "console-posts.problem.slugTaken": "“{slug}” đã thuộc về một bài khác",
  "console-posts.problem.notFuture": "cần ở tương lai để lên lịch",
  "console-posts.problem.inFuture": "ở tương lai: hãy bấm “Lên lịch”, hoặc chọn một thời điểm đã qua",
  "console-posts.problem.slugNeeded": "cần có: tiêu đề không có chữ hay số để tạo đường dẫn",
  "console-posts.problem.cannotGoBack":
    "bài đã đến tay bạn đọc nên không thể lưu nháp hay lên lịch lại: hãy cập nhật bài, hoặc gỡ bài",
  "console-posts.problem.overLimit": "vượt giới hạn: {detail}",
  "console-posts.notice.draft": "Đã lưu bản nháp. Bản nháp không xuất hiện ở đâu cho bạn đọc.",
  "console-posts.notice.scheduled":
    "Đã lên lịch. Bài sẽ tự đăng vào lúc đã chọn (trong vòng vài phút), và có trong bản tin đầu tiên gửi sau lúc đó.",
  "console-posts.notice.unchanged": "Không có gì thay đổi.",
  "console-posts.notice.withdrawn": "Đã gỡ bài: bài không còn trên trang, trong nguồn tin hay bản tin tiếp theo.",
  "console-posts.notice.withdrawnSent":
    "Đã gỡ bài: bài không còn trên trang hay trong nguồn tin. Bài đã được gửi trong bản tin số {number} lúc {time}: thư đã gửi không thể thu hồi.",
  "console-posts.notice.published":
    "Đã đăng. Bài đã có trên trang và trong các nguồn tin, và sẽ có trong bản tin tiếp theo.",
  "console-posts.notice.publishedSent":
    "Đã đăng. Bài đã có trên trang và trong các nguồn tin. Bài đã được gửi trong bản tin số {number} lúc {time}, nên các bản tin sau không gửi lại bài.",
  "console-posts.notice.restored":
    "Đã đăng lại. Bài đã trở lại trang và các nguồn tin, và sẽ có trong bản tin tiếp theo.",
  "console-posts.notice.restoredSent":
    "Đã đăng lại. Bài đã trở lại trang và các nguồn tin. Bài đã được gửi trong bản tin số {number} lúc {time}, nên các bản tin sau không gửi lại bài.",
  "console-posts.notice.updated":
    "Đã cập nhật. Trang của bài và các nguồn tin đã có nội dung mới. Bài chưa được gửi trong bản tin nào: bản tin tiếp theo sẽ có bài, với nội dung mới này.",
  "console-posts.notice.updatedSent":
    "Đã cập nhật. Trang của bài và các nguồn tin đã có nội dung mới, trình đọc tin sẽ nhận bản sửa. Bài đã được gửi trong bản tin số {number} lúc {time}: thư đã gửi không đổi và các bản tin sau không gửi lại bài, nhưng ai bấm “Đọc toàn văn” trong thư sẽ thấy nội dung mới.",
  "console-posts.withdraw.title": "Gỡ bài",
  "console-posts.withdraw.heading": "Gỡ bài “{title}”?",
  "console-posts.withdraw.effect":
    "Trang của bài sẽ báo bài đã được gỡ, và bài rời khỏi trang chủ, các trang chủ đề, các nguồn tin (RSS, Atom, JSON Feed), trang lưu trữ và sơ đồ trang. Trình đọc tin không còn thấy bài trong nguồn tin, nhưng bản mà người đọc đã tải về thì vẫn còn trên máy của họ.",
  "console-posts.withdraw.sent":
    "Bài đã được gửi trong bản tin số {number} lúc {time}: thư đã gửi không thể thu hồi, và bản web của số đó vẫn giữ phần tóm tắt bài.",
  "console-posts.withdraw.notSent": "Bài chưa được gửi trong bản tin nào, và sẽ không có trong bản tin tiếp theo.",
  "console-posts.withdraw.restoreHint": "Bạn có thể đăng lại bài sau, bằng nút “Đăng lại” trên trang sửa bài.",
  "console-posts.withdraw.submit": "Gỡ bài",
  "console-posts.withdraw.cancel": "Thôi, quay lại",
  "console-posts.withdraw.notPublished": "Bài này chưa đăng nên không có gì để gỡ.",
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  // #endregion console-digest
} as const;

/** The key of every message bantin shows. */
export type MessageKey = keyof typeof vi;
