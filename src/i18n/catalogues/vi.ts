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
  "site.backHome": "Về trang chủ",
  "site.home.empty": "Chưa có bài viết nào.",
  "site.home.follow.heading": "Theo dõi",
  "site.home.follow.body":
    "Nhận bài mới trong trình đọc tin: <rss>RSS</rss>, <atom>Atom</atom> hoặc <json>JSON Feed</json>.",
  "site.post.tags": "Chủ đề:",
  "site.tags.heading": "Chủ đề",
  "site.tags.description": "Các chủ đề của {site}, mỗi chủ đề có trang và nguồn tin (RSS, Atom, JSON Feed) riêng.",
  "site.tags.empty": "Chưa có chủ đề nào.",
  "site.tags.count": "({count, plural, other {# bài}})",
  "site.tags.opml":
    "Nhập mọi nguồn tin vào trình đọc tin bằng một tệp OPML: <atom>feeds.opml</atom> (Atom). Nếu trình đọc của bạn chỉ nhận RSS hoặc JSON Feed, hãy dùng <rss>feeds-rss.opml</rss> hoặc <json>feeds-json.opml</json>.",
  "site.tag.heading": "Chủ đề: {name}",
  "site.tag.description": "Các bài về {name} trên {site} ({count, plural, other {# bài}}), mới nhất trước.",
  "site.tag.follow":
    "{count, plural, other {# bài}} · theo dõi chủ đề này: <rss>RSS</rss>, <atom>Atom</atom>, <json>JSON Feed</json>",
  "site.tag.allTopics": "Mọi chủ đề",
  "site.gone.heading": "Bài viết đã được gỡ",
  "site.gone.description": "Bài viết này đã được gỡ khỏi trang và không còn được đăng.",
  "site.gone.body": "Bài viết này đã được ban biên tập gỡ khỏi trang và không còn được đăng.",
  "site.notFound.heading": "Không tìm thấy trang",
  "site.notFound.body": "Trang bạn tìm không tồn tại hoặc đã được chuyển đi.",
  "site.digests.heading": "Bản tin qua email",
  "site.digests.description": "Các số {site} đã gửi qua email, mới nhất trước. Đăng ký để nhận số tiếp theo.",
  "site.digests.intro": "Các số bản tin đã gửi tới bạn đọc đăng ký, mới nhất trước.",
  "site.digests.issue": "Bản tin số {number}",
  "site.digests.preview": "Bản xem trước, chưa gửi",
  "site.digests.sent": "Đã gửi {date}",
  "site.digests.textVersion": "bản văn bản",
  "site.digests.empty": "Chưa có bản tin nào.",
  "site.error.unavailable": "Trang này tạm thời chưa hiển thị được, xin thử lại sau ít phút.",
  "site.error.server": "Lỗi máy chủ: yêu cầu chưa được xử lý.",
  "site.error.tooLarge": "Nội dung gửi lên quá lớn: địa chỉ này nhận tối đa {size}.",
  "site.feed.archiveTitle": "{site} – Lưu trữ {number}",
  "site.feed.tagTitle": "{site} – Chủ đề: {name}",
  "site.opml.topics": "Chủ đề",
  // #endregion site

  // #region subscription: subscribe form, confirm and unsubscribe pages
  "subscription.form.label": "Nhận bản tin qua email",
  "subscription.form.placeholder": "ten@ten-mien.vn",
  "subscription.form.submit": "Đăng ký",
  "subscription.form.hint": "Chúng tôi sẽ gửi một thư để bạn xác nhận. Có thể hủy đăng ký bất cứ lúc nào.",
  "subscription.accepted.heading": "Kiểm tra hộp thư của bạn",
  "subscription.accepted.body":
    "Nếu địa chỉ này chưa được xác nhận, chúng tôi đã gửi tới đó một thư có nút “Xác nhận đăng ký”. Bạn chỉ nhận bản tin sau khi xác nhận.",
  "subscription.accepted.api": "Nếu địa chỉ chưa được xác nhận, thư xác nhận sẽ được gửi tới đó trong ít phút.",
  "subscription.error.heading": "Chưa đăng ký được",
  "subscription.error.unreadableForm": "Không đọc được biểu mẫu.",
  "subscription.closed": "Worker này chưa đặt TOKEN_SECRET nên chưa nhận đăng ký.",
  "subscription.noMail": "Trang này chưa gửi được thư nên chưa nhận đăng ký. {detail}",
  "subscription.rateLimited.heading": "Quá nhiều yêu cầu",
  "subscription.rateLimited.body": "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.",
  "subscription.confirm.heading": "Xác nhận đăng ký",
  "subscription.confirm.body": "Bấm nút để bắt đầu nhận bản tin tại {email}.",
  "subscription.unsubscribe.heading": "Hủy đăng ký",
  "subscription.unsubscribe.body": "Bấm nút để ngừng nhận bản tin tại {email}.",
  "subscription.confirmed.heading": "Đã xác nhận",
  "subscription.confirmed.body": "Cảm ơn bạn. Bạn sẽ nhận các số bản tin tiếp theo qua email.",
  "subscription.unsubscribed.heading": "Đã hủy đăng ký",
  "subscription.unsubscribed.body":
    "Bạn sẽ không nhận thêm thư nào từ chúng tôi. Nếu muốn nhận lại, hãy đăng ký lại trên trang chủ.",
  "subscription.token.heading": "Liên kết không dùng được",
  "subscription.token.malformed": "Liên kết không đầy đủ hoặc đã bị sửa. Hãy mở lại liên kết trong thư.",
  "subscription.token.forged": "Liên kết không hợp lệ. Không có thay đổi nào được thực hiện.",
  "subscription.token.expired":
    "Liên kết đã hết hạn. Không có thay đổi nào được thực hiện; hãy đăng ký lại để nhận thư xác nhận mới.",
  "subscription.token.unknown":
    "Địa chỉ trong liên kết không còn trong danh sách. Không có thay đổi nào được thực hiện.",
  "subscription.address.empty": "Vui lòng nhập địa chỉ email.",
  "subscription.address.tooLong": "Địa chỉ email quá dài (tối đa 254 byte, phần trước @ tối đa 64 byte).",
  "subscription.address.hidden": "Địa chỉ email không hợp lệ: có ký tự điều khiển hoặc ký tự ẩn.",
  "subscription.address.shape": "Địa chỉ email cần có dạng ten@ten-mien.vn.",
  "subscription.address.local":
    "Địa chỉ email không hợp lệ: phần trước @ chỉ được có chữ, số, dấu chấm và các ký hiệu {symbols}.",
  "subscription.address.mixed":
    "Địa chỉ email không hợp lệ: không được trộn chữ của nhiều hệ chữ viết (ví dụ chữ Latinh với chữ Kirin) trong một phần của địa chỉ.",
  "subscription.address.domain":
    "Địa chỉ email không hợp lệ: tên miền sau @ không đúng (ví dụ: ten@ten-mien.vn hoặc ten@ví-dụ.vn).",
  "subscription.address.smtpUtf8":
    "Máy chủ thư của bản tin chưa hỗ trợ địa chỉ email có dấu hoặc ký tự ngoài bảng chữ ASCII ở phần trước @ (SMTPUTF8). Hãy dùng một địa chỉ không dấu ở phần đó, ví dụ nguoi@ví-dụ.vn.",
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
  "console.shell.nav.media": "Ảnh",
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
  "console-posts.problem.imageNotLibrary": "cần là một ảnh trong thư viện ảnh (địa chỉ /media/…)",
  "console-posts.problem.imageMissing": "không có ảnh {ref} trong thư viện ảnh: hãy tải ảnh lên trước",
  "console-posts.problem.imageDecorativeAlt": "ảnh trang trí thì không có lời mô tả: hãy bỏ một trong hai",
  "console-posts.problem.imageAlt":
    "cần lời mô tả ảnh: người không nhìn thấy ảnh sẽ nghe lời này thay cho ảnh. Hãy viết ảnh cho thấy gì, hoặc đánh dấu đây là ảnh trang trí",
  "console-posts.problem.bodyImageAlt":
    "ảnh {ref} chưa có lời mô tả: người không nhìn thấy ảnh sẽ nghe lời này thay cho ảnh. Hãy viết ảnh cho thấy gì trong ngoặc vuông, ![…](…), hoặc trong thư viện ảnh",
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
  "console-posts.form.image": "Ảnh đầu bài",
  "console-posts.form.imageUrl": "Ảnh trong thư viện (địa chỉ của ảnh)",
  "console-posts.form.imageUrlHint":
    "Dán địa chỉ /media/… của ảnh, chép từ <link>thư viện ảnh</link>. Để trống nếu bài không có ảnh đầu bài.",
  "console-posts.form.imageFile": "Hoặc tải một ảnh mới lên",
  "console-posts.form.imageFileHint":
    "Ảnh được tải lên thư viện khi bạn lưu bài (Lưu nháp, Lên lịch hoặc Xuất bản) và thành ảnh đầu bài. JPEG, PNG, WebP, AVIF hoặc GIF, tối đa {megabytes, number} MB. Bản xem trước chỉ hiện ảnh đã có trong thư viện.",
  "console-posts.form.imageAlt": "Lời mô tả ảnh (alt)",
  "console-posts.form.imageAltHint":
    "Ảnh cho thấy gì, cho người không nhìn thấy ảnh. Để trống để dùng lời mô tả trong thư viện.",
  "console-posts.form.imageDecorative": "Ảnh trang trí (không có lời mô tả)",
  "console-posts.form.imageCaption": "Chú thích ảnh",
  "console-posts.form.imageCredit": "Nguồn ảnh",
  "console-posts.form.imageDescriptionHint": "Để trống để dùng chú thích và nguồn ghi trong thư viện ảnh.",
  "console-posts.field.image": "Ảnh đầu bài",
  "console-posts.field.imageAlt": "Lời mô tả ảnh",
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  "console-subscribers.title": "Người đăng ký",
  "console-subscribers.done.lifted": "Đã gỡ chặn: địa chỉ trở lại trạng thái trước khi bị chặn.",
  "console-subscribers.done.notSuppressed": "Địa chỉ này không bị chặn.",
  "console-subscribers.done.erased": "Đã xóa mọi dữ liệu về địa chỉ.",
  "console-subscribers.done.notFound": "Không có người đăng ký nào với địa chỉ này.",
  "console-subscribers.search.label": "Tìm địa chỉ",
  "console-subscribers.search.all": "Tất cả ({total})",
  "console-subscribers.list.empty": "Không có ai.",
  "console-subscribers.list.address": "Địa chỉ",
  "console-subscribers.list.state": "Trạng thái",
  "console-subscribers.list.consent": "Đồng ý",
  "console-subscribers.list.actions": "Thao tác",
  "console-subscribers.list.suppressed": "Lý do: {reason} ({when})",
  "console-subscribers.list.reasonUnknown": "không rõ",
  "console-subscribers.list.unsubscribed": "Hủy lúc {when}",
  "console-subscribers.list.importedPending": "Nhập từ CSV lúc {when}; chờ xác nhận qua email",
  "console-subscribers.list.unconfirmed": "Chưa xác nhận",
  "console-subscribers.list.lift": "Gỡ chặn",
  "console-subscribers.list.liftLabel": "Gỡ chặn {address}",
  "console-subscribers.list.erase": "Xóa",
  "console-subscribers.list.eraseLabel": "Xóa {address}",
  "console-subscribers.list.pages": "Trang",
  "console-subscribers.list.newer": "← Mới hơn",
  "console-subscribers.list.older": "Cũ hơn →",
  "console-subscribers.transfer.heading": "Xuất và nhập",
  "console-subscribers.export.download": "Tải xuống CSV (mọi người đăng ký)",
  "console-subscribers.export.fileName": "nguoi-dang-ky",
  "console-subscribers.import.heading": "Nhập từ tệp CSV",
  "console-subscribers.import.file": "Tệp CSV",
  "console-subscribers.import.fileHint":
    "Một cột tên “email” (hoặc địa chỉ ở cột đầu), tối đa {rows, plural, other {# dòng}}. Từ Excel, hãy lưu bảng tính thành “CSV UTF-8” (tệp .xlsx không nhập được). Nếu có dòng sai, không địa chỉ nào được nhập và mọi dòng sai được liệt kê. Địa chỉ đã có giữ nguyên trạng thái.",
  "console-subscribers.import.attest": "Tôi xác nhận những người này đã đồng ý nhận bản tin.",
  "console-subscribers.import.confirmedElsewhere":
    "Họ đã xác nhận ở nơi khác (không gửi thư xác nhận; ghi nhận như vậy). Nếu không chọn, mỗi địa chỉ mới nhận một thư xác nhận và chỉ nhận bản tin sau khi bấm xác nhận.",
  "console-subscribers.import.submit": "Nhập",
  "console-subscribers.result.title": "Kết quả nhập CSV",
  "console-subscribers.result.unreadable": "Không nhập được: {reason}",
  "console-subscribers.result.badRows":
    "Không địa chỉ nào được nhập: {problems, number} trong {rows, plural, other {# dòng}} có lỗi. Hãy sửa tệp rồi nhập lại.",
  "console-subscribers.result.line": "Dòng",
  "console-subscribers.result.value": "Nội dung",
  "console-subscribers.result.error": "Lỗi",
  "console-subscribers.result.moreProblems": "… và {more, plural, other {# dòng lỗi nữa}}.",
  "console-subscribers.result.importedConfirmed":
    "Đã nhập {added, plural, other {# địa chỉ mới}} từ {rows, plural, other {# dòng}}, ghi nhận là đã xác nhận ở nơi khác.",
  "console-subscribers.result.importedPending":
    "Đã nhập {added, plural, other {# địa chỉ mới}} từ {rows, plural, other {# dòng}}; {queued, plural, other {# thư xác nhận}} đang được gửi đi.",
  "console-subscribers.result.queueError":
    "Hàng đợi thư xác nhận từ chối {refused, plural, other {# yêu cầu}} ({error}). Các địa chỉ đó đã được lưu ở trạng thái chờ xác nhận nhưng chưa có thư.",
  "console-subscribers.result.existing": "Đã có, giữ nguyên ({count})",
  "console-subscribers.result.existingItem": "{address}: {state}",
  "console-subscribers.result.duplicates": "Dòng trùng, bỏ qua ({count})",
  "console-subscribers.result.duplicateItem": "Dòng {line}: {address} (trùng với dòng {firstLine})",
  "console-subscribers.result.back": "Về danh sách người đăng ký",
  "console-subscribers.import.noFile": "Hãy chọn một tệp CSV.",
  "console-subscribers.import.noAttestation": "Hãy đánh dấu ô xác nhận rằng những người này đã đồng ý nhận bản tin.",
  "console-subscribers.import.tooLarge": "Tệp quá lớn: tối đa {megabytes} MB.",
  "console-subscribers.import.empty": "Tệp trống: không có dòng nào để nhập.",
  "console-subscribers.import.noColumn":
    "Không tìm thấy cột địa chỉ email: dòng đầu cần có một cột tên “email”, hoặc một địa chỉ.",
  "console-subscribers.import.headerOnly":
    "Tệp chỉ có dòng tiêu đề (“{header}”), không có địa chỉ nào bên dưới, nên chưa nhập gì. Hãy kiểm tra tệp đã lưu đủ các dòng chưa.",
  "console-subscribers.import.tooManyRows":
    "Tệp có {rows, plural, other {# dòng}}; mỗi lần nhập tối đa {limit, plural, other {# dòng}}. Hãy chia tệp ra.",
  "console-subscribers.import.xlsx":
    "Đây là bảng tính Excel (.xlsx), không phải tệp CSV. Trong Excel, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “CSV UTF-8 (Comma delimited) (*.csv)”, rồi nhập tệp .csv vừa lưu.",
  "console-subscribers.import.xls":
    "Đây là bảng tính Excel 97–2003 (.xls) hoặc một tài liệu Office cũ, không phải tệp CSV. Trong Excel, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “CSV UTF-8 (Comma delimited) (*.csv)”, rồi nhập tệp .csv vừa lưu.",
  "console-subscribers.import.ods":
    "Đây là bảng tính OpenDocument (.ods), không phải tệp CSV. Trong LibreOffice, chọn Tệp → Lưu thành, chọn kiểu “Văn bản CSV (.csv)” với bộ ký tự Unicode (UTF-8), rồi nhập tệp .csv vừa lưu.",
  "console-subscribers.import.zip":
    "Đây là một tệp nén ZIP (hoặc một tài liệu Word), không phải tệp CSV. Nếu danh sách nằm trong tệp nén, hãy giải nén rồi nhập tệp .csv bên trong.",
  "console-subscribers.import.gzip":
    "Đây là một tệp nén gzip, không phải tệp CSV. Hãy giải nén rồi nhập tệp .csv bên trong.",
  "console-subscribers.import.pdf":
    "Đây là một tệp PDF, không phải tệp CSV. Hãy lưu danh sách từ bảng tính thành “CSV UTF-8” rồi nhập tệp đó.",
  "console-subscribers.import.image":
    "Đây là một ảnh {format}, không phải tệp CSV. Hãy chọn tệp .csv chứa danh sách địa chỉ.",
  "console-subscribers.import.binary":
    "Tệp này không phải văn bản CSV: có byte nhị phân (byte 0) như trong ảnh, PDF hay bảng tính. Trong Excel, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “CSV UTF-8 (Comma delimited) (*.csv)”, rồi nhập tệp .csv vừa lưu.",
  "console-subscribers.import.notUtf8":
    "Tệp không được lưu bằng bảng mã UTF-8, nên không đọc chắc được các chữ có dấu của địa chỉ này. Trong Excel, chọn Tệp → Lưu thành (File → Save As), chọn kiểu “CSV UTF-8 (Comma delimited) (*.csv)”, rồi nhập tệp .csv vừa lưu.",
  "console-subscribers.erase.title": "Xóa địa chỉ",
  "console-subscribers.erase.heading": "Xóa {address}?",
  "console-subscribers.erase.explain":
    "Mọi dữ liệu về địa chỉ này (trạng thái, thời điểm và cách đồng ý, lần chặn) bị xóa vĩnh viễn. Nếu người này chỉ muốn thôi nhận thư, họ có thể tự hủy bằng liên kết trong mỗi bản tin.",
  "console-subscribers.erase.submit": "Xóa vĩnh viễn",
  "console-subscribers.erase.cancel": "Thôi, quay lại",
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

  // #region media: the answers of /media/ (photos)
  "media.notFound": "Không có ảnh này.",
  "media.badWidth": "Không có cỡ ảnh này: các cỡ là {widths} (thêm .jpg sau cỡ để luôn nhận JPEG).",
  "media.tooWide":
    "Ảnh này rộng {width} px: các cỡ của ảnh là các cỡ trong {widths} tới mức đó (ảnh gốc có địa chỉ riêng).",
  // #endregion media

  // #region console-media: the console's media library, uploads and their refusals
  "console-media.title": "Ảnh",
  "console-media.back": "Về thư viện ảnh",
  "console-media.upload.heading": "Tải ảnh lên",
  "console-media.upload.files": "Chọn ảnh (được chọn nhiều ảnh một lúc)",
  "console-media.upload.limits":
    "JPEG, PNG, WebP, AVIF hoặc GIF; tối đa {files, plural, other {# ảnh}} mỗi lần, tổng cộng không quá {megabytes, number} MB.",
  "console-media.upload.next": "Sau khi tải lên, bạn viết lời mô tả, chú thích và nguồn cho từng ảnh.",
  "console-media.upload.submit": "Tải lên",
  "console-media.library.heading": "Thư viện ảnh",
  "console-media.library.count": "{count, plural, other {# ảnh}}, mới nhất trước",
  "console-media.library.countPaged": "{count, plural, other {# ảnh}}, mới nhất trước · trang {page}/{pages}",
  "console-media.library.empty": "Thư viện chưa có ảnh nào.",
  "console-media.library.pages": "Trang",
  "console-media.library.newer": "← Ảnh mới hơn",
  "console-media.library.older": "Ảnh cũ hơn →",
  "console-media.photo.facts": "{width} × {height} điểm ảnh · {bytes} byte · {type}",
  "console-media.photo.uploaded": "Tải lên lúc {time}",
  "console-media.photo.noAlt": "⚠ Chưa có lời mô tả ảnh: bài dùng ảnh này sẽ phải tự viết lời mô tả.",
  "console-media.photo.decorative": "Ảnh trang trí (không cần lời mô tả)",
  "console-media.photo.alt": "Lời mô tả: {alt}",
  "console-media.photo.caption": "Chú thích: {caption}",
  "console-media.photo.credit": "Nguồn: {credit}",
  "console-media.photo.unused": "Chưa dùng trong bài nào.",
  "console-media.photo.usedIn": "Dùng trong {count, plural, other {# bài}}:",
  "console-media.photo.url": "Địa chỉ ảnh (dán vào ô ảnh đầu bài, hoặc vào nội dung: ![lời mô tả](địa chỉ))",
  "console-media.form.edit": "Sửa lời mô tả, chú thích, nguồn",
  "console-media.form.alt": "Lời mô tả ảnh (alt)",
  "console-media.form.altHint":
    "Ảnh cho thấy gì, cho người không nhìn thấy ảnh: trình đọc màn hình đọc lời này thay cho ảnh.",
  "console-media.form.decorative": "Ảnh trang trí: không cho thấy điều gì bạn đọc cần biết (không có lời mô tả)",
  "console-media.form.caption": "Chú thích",
  "console-media.form.credit": "Nguồn ảnh (tác giả)",
  "console-media.form.save": "Lưu",
  "console-media.form.saveAll": "Lưu lời mô tả",
  "console-media.done.saved": "Đã lưu.",
  "console-media.done.deleted": "Đã xóa ảnh: ảnh gốc, mọi cỡ ảnh và thông tin về ảnh.",
  "console-media.done.notFound": "Không có ảnh này (có thể đã bị xóa).",
  "console-media.results.title": "Ảnh vừa tải lên",
  "console-media.results.stored":
    "Đã lưu {created, plural, other {# ảnh mới}}; {existing, plural, other {# ảnh}} đã có sẵn trong thư viện. Hãy viết lời mô tả cho từng ảnh rồi bấm “Lưu lời mô tả”.",
  "console-media.results.photo": "Ảnh {n}",
  "console-media.results.existing": "Đã có trong thư viện",
  "console-media.describe.title": "Lời mô tả ảnh",
  "console-media.describe.errors": "Chưa lưu được: hãy sửa các ảnh có thông báo lỗi.",
  "console-media.refused.title": "Không tải ảnh lên được",
  "console-media.refused.file": "Tệp “{name}” (tệp thứ {n}): {problem}",
  "console-media.refused.nothingStored": "Không ảnh nào được lưu: hãy bỏ tệp đó ra rồi tải lên lại.",
  "console-media.refused.noFile": "Chưa chọn ảnh nào.",
  "console-media.refused.tooManyFiles":
    "Đã chọn {count, plural, other {# tệp}}: mỗi lần tải lên tối đa {max, plural, other {# ảnh}}.",
  "console-media.refused.empty": "Tệp rỗng.",
  "console-media.refused.tooLarge": "Tệp nặng {size, number} MB: mỗi ảnh tối đa {max, number} MB.",
  "console-media.refused.heic":
    "Không nhận ảnh HEIC/HEIF: hãy xuất ảnh ra JPEG (trên iPhone: Cài đặt → Camera → Định dạng → Tương thích nhất).",
  "console-media.refused.svg":
    "Không nhận ảnh SVG (tệp SVG có thể chứa mã chạy được). Hãy gửi JPEG, PNG, WebP, AVIF hoặc GIF.",
  "console-media.refused.text":
    "Tệp này là văn bản (HTML hoặc XML), không phải ảnh. Hãy gửi JPEG, PNG, WebP, AVIF hoặc GIF.",
  "console-media.refused.unsupported":
    "Tệp này không phải ảnh thuộc loại được nhận. Hãy gửi JPEG, PNG, WebP, AVIF hoặc GIF.",
  "console-media.refused.noSize": "Ảnh không ghi kích thước: tệp đã hỏng.",
  "console-media.refused.tooManyPixels":
    "Ảnh ghi kích thước {width} × {height} điểm ảnh: tối đa {max, number} triệu điểm ảnh.",
  "console-media.refused.truncated": "Tệp bị cắt cụt (bị ngắt khi sao chép hoặc tải lên): hãy gửi lại toàn bộ tệp.",
  "console-media.refused.unreadable":
    "Không đọc được tệp này thành ảnh: tệp bị hỏng hoặc thiếu. Hãy mở ảnh bằng một chương trình sửa ảnh và lưu lại thành JPEG hoặc PNG.",
  "console-media.refused.jpegOnly":
    "Trang này chạy không có Images binding nên chỉ nhận ảnh JPEG. Hãy gửi JPEG, hoặc nhờ người quản trị thêm Images binding (xem README).",
  "console-media.refused.storedTooLarge":
    "Sau khi xóa siêu dữ liệu và mã hóa lại, ảnh nặng hơn {max, number} MB: hãy xuất ảnh nhỏ hơn (ít điểm ảnh hơn hoặc nén nhiều hơn) rồi gửi lại.",
  "console-media.problem.decorativeAlt": "Ảnh trang trí thì không có lời mô tả: hãy bỏ một trong hai.",
  "console-media.problem.altTooLong": "Lời mô tả tối đa {max, number} ký tự.",
  "console-media.problem.captionTooLong": "Chú thích tối đa {max, number} ký tự.",
  "console-media.problem.creditTooLong": "Nguồn ảnh tối đa {max, number} ký tự.",
  "console-media.delete.button": "Xóa ảnh…",
  "console-media.delete.title": "Xóa ảnh?",
  "console-media.delete.refusedTitle": "Không xóa được ảnh",
  "console-media.delete.used":
    "Ảnh đang được dùng trong {count, plural, other {# bài}} (kể cả bản nháp và bài đã gỡ), nên không xóa được. Hãy bỏ ảnh khỏi các bài này trước:",
  "console-media.delete.effect":
    "Ảnh chưa được dùng trong bài nào. Xóa ảnh sẽ xóa ảnh gốc, mọi cỡ ảnh và thông tin về ảnh; địa chỉ của ảnh sẽ không còn dùng được.",
  "console-media.delete.submit": "Xóa ảnh",
  "console-media.delete.cancel": "Thôi, quay lại",
  // #endregion console-media
} as const;

/** The key of every message bantin shows. */
export type MessageKey = keyof typeof vi;
