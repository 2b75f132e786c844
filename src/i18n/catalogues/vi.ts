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
  // #endregion console-digest
} as const;

/** The key of every message bantin shows. */
export type MessageKey = keyof typeof vi;
