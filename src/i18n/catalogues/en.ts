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
  "console-posts.list.title": "Posts",
  "console-posts.list.new": "New post",
  "console-posts.list.searchLabel": "Search titles",
  "console-posts.list.allStates": "All",
  "console-posts.list.count": "{count, plural, one {# post} other {# posts}}",
  "console-posts.list.countPaged": "{count, plural, one {# post} other {# posts}} · page {page} of {pages}",
  "console-posts.list.empty": "No posts.",
  "console-posts.list.column.title": "Title",
  "console-posts.list.column.state": "State",
  "console-posts.list.column.published": "Published",
  "console-posts.list.column.author": "Author",
  "console-posts.list.pages": "Pages",
  "console-posts.list.previous": "← Previous page",
  "console-posts.list.next": "Next page →",
  "console-posts.form.newTitle": "New post",
  "console-posts.form.editTitle": "Edit post",
  "console-posts.form.editHeading": "Edit: {title}",
  "console-posts.form.scheduledFor": "Goes live at {time}.",
  "console-posts.form.viewPublic": "View on the site",
  "console-posts.form.errorsIntro": "Not saved: please fix the fields marked below.",
  "console-posts.form.title": "Title",
  "console-posts.form.author": "Author",
  "console-posts.form.slug": "Slug",
  "console-posts.form.slugHint":
    "Leave empty to make one from the title. Lower-case letters (no accents), digits and hyphens.",
  "console-posts.form.published": "Publication date",
  "console-posts.form.publishedHint":
    "Date, time and UTC offset (such as +01:00). To schedule the post, pick a time in the future.",
  "console-posts.form.offset": "UTC offset",
  "console-posts.form.language": "Language",
  "console-posts.form.tags": "Tags",
  "console-posts.form.tagsHint": "Separated by commas, e.g. Local news, Elections",
  "console-posts.form.summary": "Summary",
  "console-posts.form.summaryHint": "Leave empty to use the post’s opening paragraph.",
  "console-posts.form.markdown": "Body",
  "console-posts.form.markdownHint":
    "Markdown. Paragraphs before the first ## heading are the introduction; each ## starts a section.",
  "console-posts.form.keyPoints": "Key points of each section (for the email digest)",
  "console-posts.form.noSections":
    "The post has no sections yet (## headings). Once you add some, click Preview or Save draft to enter key points for each one.",
  "console-posts.form.sectionGone": "(no longer in the post)",
  "console-posts.form.keyPointsHint":
    "One point per line. Leave empty to use the first sentence of each paragraph and bullet point in the section.",
  "console-posts.form.preview": "Preview",
  "console-posts.form.saveDraft": "Save draft",
  "console-posts.form.schedule": "Schedule",
  "console-posts.form.update": "Update published post",
  "console-posts.form.restore": "Republish",
  "console-posts.form.publish": "Publish now",
  "console-posts.form.withdraw": "Withdraw from the site, feeds and digest…",
  "console-posts.form.previewHeading": "Preview",
  "console-posts.form.previewHint": "The post as readers will see it. Click “Preview” to show your latest changes.",
  "console-posts.form.previewFrame": "Preview of the post",
  "console-posts.preview.title": "Preview",
  "console-posts.preview.empty": "Click “Preview” to see the post as readers will.",
  "console-posts.preview.errorsIntro": "Can’t preview yet:",
  "console-posts.field.title": "Title",
  "console-posts.field.slug": "Slug",
  "console-posts.field.author": "Author",
  "console-posts.field.published": "Publication date",
  "console-posts.field.tags": "Tags",
  "console-posts.field.summary": "Summary",
  "console-posts.field.language": "Language",
  "console-posts.field.keyPoints": "Key points",
  "console-posts.field.markdown": "Body",
  "console-posts.field.error": "{label}: {problem}",
  "console-posts.problem.empty": "can’t be empty",
  "console-posts.problem.minPoints": "needs at least one point",
  "console-posts.problem.maxItems": "at most {max, plural, one {# entry} other {# entries}}",
  "console-posts.problem.maxChars": "at most {max, plural, one {# character} other {# characters}}",
  "console-posts.problem.nesting": "quotes or lists nested more than 20 levels deep",
  "console-posts.problem.format.slug": "only lower-case letters without accents (a-z), digits and hyphens",
  "console-posts.problem.format.published":
    "must be a real date and time between 1900 and 2099, with a UTC offset such as +07:00 (at most ±14:00)",
  "console-posts.problem.format.tags": "can’t contain < or >",
  "console-posts.problem.format.language": "must be a language code, such as en",
  "console-posts.problem.other": "{detail}",
  "console-posts.problem.slugTaken": "“{slug}” already belongs to another post",
  "console-posts.problem.notFuture": "must be in the future to schedule the post",
  "console-posts.problem.inFuture": "is in the future: use “Schedule”, or pick a time that has passed",
  "console-posts.problem.slugNeeded": "required, as the title has no letters or digits to make one from",
  "console-posts.problem.cannotGoBack":
    "readers have already seen this post, so it can’t go back to a draft or be scheduled: update it, or withdraw it",
  "console-posts.problem.overLimit": "over a limit: {detail}",
  "console-posts.notice.draft": "Draft saved. Readers can’t see drafts anywhere.",
  "console-posts.notice.scheduled":
    "Scheduled. The post will go live at the time you chose (within a few minutes) and be in the first digest sent after that.",
  "console-posts.notice.unchanged": "Nothing changed.",
  "console-posts.notice.withdrawn": "Withdrawn: the post is no longer on the site, in the feeds or in the next digest.",
  "console-posts.notice.withdrawnSent":
    "Withdrawn: the post is no longer on the site or in the feeds. It went out in digest #{number} at {time}: emails already sent can’t be recalled.",
  "console-posts.notice.published":
    "Published. The post is on the site and in the feeds, and will be in the next digest.",
  "console-posts.notice.publishedSent":
    "Published. The post is on the site and in the feeds. It went out in digest #{number} at {time}, so later digests won’t send it again.",
  "console-posts.notice.restored":
    "Republished. The post is back on the site and in the feeds, and will be in the next digest.",
  "console-posts.notice.restoredSent":
    "Republished. The post is back on the site and in the feeds. It went out in digest #{number} at {time}, so later digests won’t send it again.",
  "console-posts.notice.updated":
    "Updated. The post’s page and the feeds show the new version. It hasn’t gone out in a digest yet: the next digest will carry it, as it is now.",
  "console-posts.notice.updatedSent":
    "Updated. The post’s page and the feeds show the new version, and feed readers will pick up the change. It went out in digest #{number} at {time}: emails already sent stay as they were and later digests won’t send it again, but anyone who follows the email’s link to the full post will see the new version.",
  "console-posts.withdraw.title": "Withdraw post",
  "console-posts.withdraw.heading": "Withdraw “{title}”?",
  "console-posts.withdraw.effect":
    "The post’s page will say it has been withdrawn, and the post leaves the home page, tag pages, feeds (RSS, Atom, JSON Feed), archive and sitemap. Feed readers will no longer find it in the feeds, but copies readers have already downloaded stay on their devices.",
  "console-posts.withdraw.sent":
    "It went out in digest #{number} at {time}: emails already sent can’t be recalled, and that issue’s web edition keeps the post’s summary.",
  "console-posts.withdraw.notSent": "It hasn’t gone out in any digest, and won’t be in the next one.",
  "console-posts.withdraw.restoreHint": "You can republish it later with the “Republish” button on its edit page.",
  "console-posts.withdraw.submit": "Withdraw",
  "console-posts.withdraw.cancel": "No, go back",
  "console-posts.withdraw.notPublished": "This post isn’t published, so there’s nothing to withdraw.",
  // #endregion console-posts

  // #region console-subscribers: the console's subscribers, import and export
  "console-subscribers.title": "Subscribers",
  "console-subscribers.done.lifted": "Suppression lifted: the address is back in the state it had before.",
  "console-subscribers.done.notSuppressed": "That address isn’t suppressed.",
  "console-subscribers.done.erased": "Everything about the address has been erased.",
  "console-subscribers.done.notFound": "No subscriber has that address.",
  "console-subscribers.search.label": "Search addresses",
  "console-subscribers.search.all": "All ({total})",
  "console-subscribers.list.empty": "No subscribers here.",
  "console-subscribers.list.address": "Address",
  "console-subscribers.list.state": "State",
  "console-subscribers.list.consent": "Consent",
  "console-subscribers.list.actions": "Actions",
  "console-subscribers.list.suppressed": "Reason: {reason} ({when})",
  "console-subscribers.list.reasonUnknown": "unknown",
  "console-subscribers.list.unsubscribed": "Unsubscribed at {when}",
  "console-subscribers.list.importedPending": "Imported from CSV at {when}; awaiting email confirmation",
  "console-subscribers.list.unconfirmed": "Not confirmed",
  "console-subscribers.list.lift": "Lift suppression",
  "console-subscribers.list.liftLabel": "Lift suppression of {address}",
  "console-subscribers.list.erase": "Erase",
  "console-subscribers.list.eraseLabel": "Erase {address}",
  "console-subscribers.list.pages": "Pages",
  "console-subscribers.list.newer": "← Newer",
  "console-subscribers.list.older": "Older →",
  "console-subscribers.transfer.heading": "Export and import",
  "console-subscribers.export.download": "Download CSV (all subscribers)",
  "console-subscribers.export.fileName": "subscribers",
  "console-subscribers.import.heading": "Import from a CSV file",
  "console-subscribers.import.file": "CSV file",
  "console-subscribers.import.fileHint":
    "A column named “email” (or addresses in the first column), up to {rows, plural, one {# row} other {# rows}}. From Excel, save the sheet as “CSV UTF-8” (.xlsx files can’t be imported). If any row is wrong, nothing is imported and every wrong row is listed. Addresses already on the list keep their state.",
  "console-subscribers.import.attest": "I confirm these people agreed to receive the newsletter.",
  "console-subscribers.import.confirmedElsewhere":
    "They have already confirmed elsewhere (no confirmation email is sent, and that is recorded). Otherwise each new address gets a confirmation email and receives the newsletter only once it is confirmed.",
  "console-subscribers.import.submit": "Import",
  "console-subscribers.result.title": "CSV import",
  "console-subscribers.result.unreadable": "Nothing imported: {reason}",
  "console-subscribers.result.badRows":
    "Nothing was imported: {problems, number} of {rows, plural, one {# row} other {# rows}} {problems, plural, one {has an error} other {have errors}}. Fix the file and import it again.",
  "console-subscribers.result.line": "Line",
  "console-subscribers.result.value": "Content",
  "console-subscribers.result.error": "Error",
  "console-subscribers.result.moreProblems": "… and {more, plural, one {# more row} other {# more rows}} with errors.",
  "console-subscribers.result.importedConfirmed":
    "Imported {added, plural, one {# new address} other {# new addresses}} from {rows, plural, one {# row} other {# rows}}, recorded as confirmed elsewhere.",
  "console-subscribers.result.importedPending":
    "Imported {added, plural, one {# new address} other {# new addresses}} from {rows, plural, one {# row} other {# rows}}; {queued, plural, one {# confirmation email is on its way} other {# confirmation emails are on their way}}.",
  "console-subscribers.result.queueError":
    "The confirmation queue refused {refused, plural, one {# request} other {# requests}} ({error}). Those addresses are saved as pending, but no email has gone out to them.",
  "console-subscribers.result.existing": "Already on the list, left as they were ({count})",
  "console-subscribers.result.existingItem": "{address}: {state}",
  "console-subscribers.result.duplicates": "Duplicate rows, skipped ({count})",
  "console-subscribers.result.duplicateItem": "Line {line}: {address} (same as line {firstLine})",
  "console-subscribers.result.back": "Back to subscribers",
  "console-subscribers.import.noFile": "Choose a CSV file.",
  "console-subscribers.import.noAttestation": "Tick the box to confirm these people agreed to receive the newsletter.",
  "console-subscribers.import.tooLarge": "The file is too large: {megabytes} MB at most.",
  "console-subscribers.import.empty": "The file is empty: there are no rows to import.",
  "console-subscribers.import.noColumn":
    "No email address column found: the first row needs a column named “email”, or an address.",
  "console-subscribers.import.headerOnly":
    "The file has only a header row (“{header}”) and no addresses below it, so nothing was imported. Check that the file was saved with all its rows.",
  "console-subscribers.import.tooManyRows":
    "The file has {rows, plural, one {# row} other {# rows}}; one import takes at most {limit, plural, one {# row} other {# rows}}. Split the file.",
  "console-subscribers.import.xlsx":
    "This is an Excel workbook (.xlsx), not a CSV file. In Excel, choose File → Save As, pick “CSV UTF-8 (Comma delimited) (*.csv)”, then import the .csv file you saved.",
  "console-subscribers.import.xls":
    "This is an Excel 97–2003 workbook (.xls) or an older Office document, not a CSV file. In Excel, choose File → Save As, pick “CSV UTF-8 (Comma delimited) (*.csv)”, then import the .csv file you saved.",
  "console-subscribers.import.ods":
    "This is an OpenDocument spreadsheet (.ods), not a CSV file. In LibreOffice, choose File → Save As, pick “Text CSV (.csv)” with the Unicode (UTF-8) character set, then import the .csv file you saved.",
  "console-subscribers.import.zip":
    "This is a ZIP archive (or a Word document), not a CSV file. If the list is inside an archive, extract it and import the .csv file inside.",
  "console-subscribers.import.gzip":
    "This is a gzip archive, not a CSV file. Extract it and import the .csv file inside.",
  "console-subscribers.import.pdf":
    "This is a PDF, not a CSV file. Save the list from your spreadsheet as “CSV UTF-8” and import that file.",
  "console-subscribers.import.image":
    "This is a {format} image, not a CSV file. Choose the .csv file that holds the list of addresses.",
  "console-subscribers.import.binary":
    "This file isn’t CSV text: it holds binary bytes (byte 0), as images, PDFs and spreadsheets do. In Excel, choose File → Save As, pick “CSV UTF-8 (Comma delimited) (*.csv)”, then import the .csv file you saved.",
  "console-subscribers.import.notUtf8":
    "The file wasn’t saved as UTF-8, so the accented letters of this address can’t be read for certain. In Excel, choose File → Save As, pick “CSV UTF-8 (Comma delimited) (*.csv)”, then import the .csv file you saved.",
  "console-subscribers.erase.title": "Erase address",
  "console-subscribers.erase.heading": "Erase {address}?",
  "console-subscribers.erase.explain":
    "Everything stored about this address (its state, when and how it consented, any suppression) is erased for good. If the person only wants to stop receiving emails, they can unsubscribe with the link in every digest.",
  "console-subscribers.erase.submit": "Erase for good",
  "console-subscribers.erase.cancel": "No, go back",
  // #endregion console-subscribers

  // #region console-digest: the console's digest pages
  // #endregion console-digest
} as const satisfies Catalogue;
