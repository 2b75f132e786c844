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
  "site.backHome": "Back to the home page",
  "site.home.empty": "No posts yet.",
  "site.home.follow.heading": "Follow",
  "site.home.follow.body":
    "Get new posts in your feed reader: <rss>RSS</rss>, <atom>Atom</atom> or <json>JSON Feed</json>.",
  "site.post.tags": "Topics:",
  "site.tags.heading": "Topics",
  "site.tags.description": "The topics of {site}, each with its own page and feeds (RSS, Atom, JSON Feed).",
  "site.tags.empty": "No topics yet.",
  "site.tags.count": "({count, plural, one {# post} other {# posts}})",
  "site.tags.opml":
    "Add every feed to your reader at once with an OPML file: <atom>feeds.opml</atom> (Atom). If your reader only takes RSS or JSON Feed, use <rss>feeds-rss.opml</rss> or <json>feeds-json.opml</json>.",
  "site.tag.heading": "Topic: {name}",
  "site.tag.description": "Posts about {name} on {site} ({count, plural, one {# post} other {# posts}}), newest first.",
  "site.tag.follow":
    "{count, plural, one {# post} other {# posts}} · follow this topic: <rss>RSS</rss>, <atom>Atom</atom>, <json>JSON Feed</json>",
  "site.tag.allTopics": "All topics",
  "site.gone.heading": "This post has been removed",
  "site.gone.description": "This post has been taken down and is no longer published.",
  "site.gone.body": "The editors have taken this post down, and it is no longer published.",
  "site.notFound.heading": "Page not found",
  "site.notFound.body": "The page you were looking for doesn’t exist or has moved.",
  "site.digests.heading": "Email digest",
  "site.digests.description": "Every issue of {site} sent by email, newest first. Subscribe to get the next one.",
  "site.digests.intro": "Issues sent to subscribers, newest first.",
  "site.digests.issue": "Issue {number}",
  "site.digests.preview": "Preview, not sent yet",
  "site.digests.sent": "Sent {date}",
  "site.digests.textVersion": "plain text",
  "site.digests.empty": "No issues yet.",
  "site.error.unavailable": "This page can’t be shown right now. Please try again in a few minutes.",
  "site.error.server": "Server error: your request could not be completed.",
  "site.error.tooLarge": "What you sent is too large: this page takes at most {size}.",
  "site.feed.archiveTitle": "{site} – Archive {number}",
  "site.feed.tagTitle": "{site} – Topic: {name}",
  "site.opml.topics": "Topics",
  // #endregion site

  // #region subscription: subscribe form, confirm and unsubscribe pages
  "subscription.form.label": "Get the newsletter by email",
  "subscription.form.placeholder": "you@example.com",
  "subscription.form.submit": "Subscribe",
  "subscription.form.hint": "We’ll send you an email to confirm. You can unsubscribe at any time.",
  "subscription.accepted.heading": "Check your inbox",
  "subscription.accepted.body":
    "If this address isn’t confirmed yet, we’ve sent it an email with a “Confirm subscription” button. The newsletter starts once you confirm.",
  "subscription.accepted.api":
    "If the address isn’t confirmed yet, a confirmation email will reach it in a few minutes.",
  "subscription.error.heading": "Couldn’t subscribe",
  "subscription.error.unreadableForm": "The form couldn’t be read.",
  "subscription.closed": "TOKEN_SECRET is not set on this Worker, so subscriptions are closed.",
  "subscription.noMail": "This site can’t send email yet, so subscriptions are closed. {detail}",
  "subscription.rateLimited.heading": "Too many requests",
  "subscription.rateLimited.body": "You’ve sent too many requests. Please try again in a few minutes.",
  "subscription.confirm.heading": "Confirm subscription",
  "subscription.confirm.body": "Press the button to start receiving the newsletter at {email}.",
  "subscription.unsubscribe.heading": "Unsubscribe",
  "subscription.unsubscribe.body": "Press the button to stop receiving the newsletter at {email}.",
  "subscription.confirmed.heading": "Subscription confirmed",
  "subscription.confirmed.body": "Thank you. The next issues will come to you by email.",
  "subscription.unsubscribed.heading": "Unsubscribed",
  "subscription.unsubscribed.body":
    "You won’t get any more emails from us. If you change your mind, subscribe again on the home page.",
  "subscription.token.heading": "This link can’t be used",
  "subscription.token.malformed": "The link is incomplete or has been altered. Open it again from the email.",
  "subscription.token.forged": "The link isn’t valid. Nothing has been changed.",
  "subscription.token.expired":
    "The link has expired. Nothing has been changed; subscribe again to get a new confirmation email.",
  "subscription.token.unknown": "The address in the link is no longer on the list. Nothing has been changed.",
  "subscription.address.empty": "Please enter your email address.",
  "subscription.address.tooLong": "That email address is too long (at most 254 bytes, and 64 before the @).",
  "subscription.address.hidden": "That email address isn’t valid: it contains control or invisible characters.",
  "subscription.address.shape": "An email address looks like name@example.com.",
  "subscription.address.local":
    "That email address isn’t valid: before the @ it may only contain letters, digits, dots and the symbols {symbols}.",
  "subscription.address.mixed":
    "That email address isn’t valid: one part of it mixes letters from different scripts (Latin and Cyrillic, say).",
  "subscription.address.domain":
    "That email address isn’t valid: the domain after the @ is wrong (for example name@example.com or name@bücher.de).",
  "subscription.address.smtpUtf8":
    "This newsletter’s mail server can’t deliver yet to addresses with accents or other non-ASCII characters before the @ (SMTPUTF8). Please use an address without them in that part, such as name@bücher.de.",
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
  "console.shell.nav.media": "Photos",
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
  "console-posts.problem.imageNotLibrary": "must be a photo from the media library (its /media/… address)",
  "console-posts.problem.imageMissing": "{ref} isn’t in the media library: upload it first",
  "console-posts.problem.imageDecorativeAlt": "a decorative image has no alt text: keep one or the other",
  "console-posts.problem.imageAlt":
    "needs alt text: readers who can’t see the image hear it instead. Say what the photo shows, or mark the image as decorative",
  "console-posts.problem.bodyImageAlt":
    "the image {ref} has no alt text: readers who can’t see it hear that text instead. Say what it shows between the brackets, ![…](…), or in the media library",
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
  "console-posts.form.image": "Lead image",
  "console-posts.form.imageUrl": "Library photo (its address)",
  "console-posts.form.imageUrlHint":
    "Paste the photo’s /media/… address, copied from the <link>photo library</link>. Leave empty for a post without a lead image.",
  "console-posts.form.imageFile": "Or upload a new photo",
  "console-posts.form.imageFileHint":
    "The photo is uploaded to the library when you save the post (Save draft, Schedule or Publish) and becomes its lead image. JPEG, PNG, WebP, AVIF or GIF, at most {megabytes, number} MB. The preview shows only photos already in the library.",
  "console-posts.form.imageAlt": "Alt text",
  "console-posts.form.imageAltHint":
    "What the photo shows, for readers who can’t see it. Leave empty to use the library’s alt text.",
  "console-posts.form.imageDecorative": "Decorative image (no alt text)",
  "console-posts.form.imageCaption": "Caption",
  "console-posts.form.imageCredit": "Credit",
  "console-posts.form.imageDescriptionHint": "Leave empty to use the caption and credit the library has.",
  "console-posts.field.image": "Lead image",
  "console-posts.field.imageAlt": "Alt text",
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

  // #region media: the answers of /media/ (photos)
  "media.notFound": "No such photo.",
  "media.badWidth": "No such size: the widths are {widths} (add .jpg after the width for JPEG).",
  "media.tooWide":
    "This photo is {width} px wide: its sizes are those of {widths} up to that (the original is at its own URL).",
  // #endregion media

  // #region console-media: the console's media library, uploads and their refusals
  "console-media.title": "Photos",
  "console-media.back": "Back to the photo library",
  "console-media.upload.heading": "Upload photos",
  "console-media.upload.files": "Choose photos (several at once if you like)",
  "console-media.upload.limits":
    "JPEG, PNG, WebP, AVIF or GIF; up to {files, plural, one {# photo} other {# photos}} at a time, {megabytes, number} MB in all.",
  "console-media.upload.next": "Once they’re uploaded, you write the alt text, caption and credit of each.",
  "console-media.upload.submit": "Upload",
  "console-media.library.heading": "Photo library",
  "console-media.library.count": "{count, plural, one {# photo} other {# photos}}, newest first",
  "console-media.library.countPaged":
    "{count, plural, one {# photo} other {# photos}}, newest first · page {page} of {pages}",
  "console-media.library.empty": "The library has no photos yet.",
  "console-media.library.pages": "Pages",
  "console-media.library.newer": "← Newer photos",
  "console-media.library.older": "Older photos →",
  "console-media.photo.facts": "{width} × {height} pixels · {bytes} bytes · {type}",
  "console-media.photo.uploaded": "Uploaded at {time}",
  "console-media.photo.noAlt": "⚠ No alt text yet: a post using this photo will have to give its own.",
  "console-media.photo.decorative": "Decorative (needs no alt text)",
  "console-media.photo.alt": "Alt text: {alt}",
  "console-media.photo.caption": "Caption: {caption}",
  "console-media.photo.credit": "Credit: {credit}",
  "console-media.photo.unused": "Not used in any post.",
  "console-media.photo.usedIn": "Used in {count, plural, one {# post} other {# posts}}:",
  "console-media.photo.url":
    "Photo address (paste it into a post’s lead image field, or its body: ![alt text](address))",
  "console-media.form.edit": "Edit alt text, caption, credit",
  "console-media.form.alt": "Alt text",
  "console-media.form.altHint": "What the photo shows, for readers who can’t see it: screen readers read this instead.",
  "console-media.form.decorative": "Decorative: shows nothing a reader needs to know (no alt text)",
  "console-media.form.caption": "Caption",
  "console-media.form.credit": "Credit (photographer)",
  "console-media.form.save": "Save",
  "console-media.form.saveAll": "Save descriptions",
  "console-media.done.saved": "Saved.",
  "console-media.done.deleted": "Photo deleted: the original, every size of it and what was written about it.",
  "console-media.done.notFound": "No such photo (it may have been deleted).",
  "console-media.results.title": "Uploaded photos",
  "console-media.results.stored":
    "{created, plural, one {# new photo} other {# new photos}} stored; {existing, plural, one {# was} other {# were}} already in the library. Write the alt text of each, then press “Save descriptions”.",
  "console-media.results.photo": "Photo {n}",
  "console-media.results.existing": "Already in the library",
  "console-media.describe.title": "Photo descriptions",
  "console-media.describe.errors": "Not saved: please fix the photos marked below.",
  "console-media.refused.title": "Upload refused",
  "console-media.refused.file": "“{name}” (file {n}): {problem}",
  "console-media.refused.nothingStored": "Nothing was stored: leave that file out and upload again.",
  "console-media.refused.noFile": "No photo was chosen.",
  "console-media.refused.tooManyFiles":
    "{count, plural, one {# file was} other {# files were}} chosen: at most {max, plural, one {# photo} other {# photos}} can be uploaded at a time.",
  "console-media.refused.empty": "The file is empty.",
  "console-media.refused.tooLarge": "The file is {size, number} MB: each photo can be at most {max, number} MB.",
  "console-media.refused.heic":
    "HEIC/HEIF photos aren’t accepted: export the photo as JPEG (on an iPhone, Settings → Camera → Formats → Most Compatible).",
  "console-media.refused.svg":
    "SVG images aren’t accepted (an SVG file can carry script). Send JPEG, PNG, WebP, AVIF or GIF.",
  "console-media.refused.text": "This file is text (HTML or XML), not an image. Send JPEG, PNG, WebP, AVIF or GIF.",
  "console-media.refused.unsupported":
    "This file isn’t an image of an accepted type. Send JPEG, PNG, WebP, AVIF or GIF.",
  "console-media.refused.noSize": "The image declares no size: the file is damaged.",
  "console-media.refused.tooManyPixels":
    "The image declares {width} × {height} pixels: at most {max, number} megapixels are accepted.",
  "console-media.refused.truncated":
    "The file ends too early (it was cut off while being copied or uploaded): send the whole file.",
  "console-media.refused.unreadable":
    "This file couldn’t be read as an image: it’s damaged or incomplete. Open it in a photo editor and save it again as JPEG or PNG.",
  "console-media.refused.jpegOnly":
    "This site runs without the Images binding, so it takes JPEG photos only. Send a JPEG, or ask whoever runs the site to add the binding (see the README).",
  "console-media.refused.storedTooLarge":
    "Once cleaned of its metadata and encoded again, this photo is larger than {max, number} MB: export it smaller (fewer pixels or more compression) and send it again.",
  "console-media.problem.decorativeAlt": "A decorative photo has no alt text: keep one or the other.",
  "console-media.problem.altTooLong": "Alt text can be at most {max, plural, one {# character} other {# characters}}.",
  "console-media.problem.captionTooLong":
    "A caption can be at most {max, plural, one {# character} other {# characters}}.",
  "console-media.problem.creditTooLong":
    "A credit can be at most {max, plural, one {# character} other {# characters}}.",
  "console-media.delete.button": "Delete photo…",
  "console-media.delete.title": "Delete this photo?",
  "console-media.delete.refusedTitle": "This photo can’t be deleted",
  "console-media.delete.used":
    "The photo is used in {count, plural, one {# post} other {# posts}} (drafts and withdrawn posts included), so it can’t be deleted. Remove it from them first:",
  "console-media.delete.effect":
    "No post uses this photo. Deleting it removes the original, every size of it and what was written about it; its address will stop working.",
  "console-media.delete.submit": "Delete photo",
  "console-media.delete.cancel": "No, go back",
  // #endregion console-media
  // #region console-staff: staff accounts — sign-in by link, roles, people, sessions, personal API tokens
  "console-staff.role.author": "author",
  "console-staff.role.editor": "editor",
  "console-staff.role.owner": "owner",
  "console-staff.nav.staff": "Staff",
  "console-staff.shell.who": "{name} · {role} · <sessions>My sessions</sessions> · <tokens>API tokens</tokens>",
  "console-staff.shell.adminToken": "The site’s admin token",
  "console-staff.signIn.email": "Your email address",
  "console-staff.signIn.emailHint":
    "We email you a link into the console: it works once, for {minutes, plural, one {# minute} other {# minutes}}, in this browser.",
  "console-staff.signIn.sendLink": "Email me a link",
  "console-staff.signIn.throttled":
    "Too many links were asked for. Try again in {minutes, plural, one {# minute} other {# minutes}}.",
  "console-staff.signIn.tokenHeading": "Use the site’s admin token (ADMIN_TOKEN)",
  "console-staff.signIn.tokenIntro":
    "It opens an owner’s session. A newly deployed site uses it once to invite its first owner; after that, everyone signs in with their own address.",
  "console-staff.linkSent.title": "Check your inbox",
  "console-staff.linkSent.body":
    "If {email} belongs to someone on the staff, a link is on its way there. Open it in this browser within {minutes, plural, one {# minute} other {# minutes}}.",
  "console-staff.linkSent.limits":
    "An address may ask for at most {count, plural, one {# link} other {# links}} in {minutes, plural, one {# minute} other {# minutes}}.",
  "console-staff.linkSent.back": "Back to signing in",
  "console-staff.link.title": "Open the console",
  "console-staff.link.intro": "Hello {name}: press the button below to open the console.",
  "console-staff.link.submit": "Open the console",
  "console-staff.link.unknown": "This link does not work.",
  "console-staff.link.used": "This link has been used. Each link works only once.",
  "console-staff.link.expired": "This link has expired.",
  "console-staff.link.otherBrowser":
    "This link was asked for in another browser: open it in that browser, or ask for a new one here. Nobody was signed in.",
  "console-staff.link.askAgain": "Ask for a new link",
  "console-staff.invitation.title": "An invitation to the staff",
  "console-staff.invitation.intro": "Hello {name}: you are invited to the console of {site} as {role}.",
  "console-staff.invitation.submit": "Accept and open the console",
  "console-staff.forbidden.title": "You may not do this",
  "console-staff.forbidden.body":
    "This needs the {needs} role; you are {role}. Nothing was changed. Ask an owner if you need this done.",
  "console-staff.people.title": "Staff",
  "console-staff.people.roles":
    "Authors write, preview and save drafts of their own posts, upload photos and see the next digest. Editors do everything with every post: publish, schedule, update, withdraw, restore, send test copies. Owners do everything: send the digest, subscribers, staff.",
  "console-staff.people.name": "Name",
  "console-staff.people.email": "Email",
  "console-staff.people.role": "Role",
  "console-staff.people.roleOf": "Role of {name}",
  "console-staff.people.state": "State",
  "console-staff.people.actions": "Actions",
  "console-staff.people.changeRole": "Change role",
  "console-staff.people.invited": "Invited, never signed in",
  "console-staff.people.lastSignIn": "Last signed in at {time}",
  "console-staff.people.disabled": "Disabled at {time}",
  "console-staff.people.disable": "Disable",
  "console-staff.people.enable": "Enable",
  "console-staff.people.resend": "Send the invitation again",
  "console-staff.invite.heading": "Invite someone",
  "console-staff.invite.hint":
    "They get a link by email, which works once within {days, plural, one {# day} other {# days}}.",
  "console-staff.invite.submit": "Send the invitation",
  "console-staff.invite.nameEmpty": "Enter a name.",
  "console-staff.invite.nameTooLong": "A name has at most {max, number} characters.",
  "console-staff.invite.role": "Choose a role: author, editor or owner.",
  "console-staff.invite.alreadyStaff": "{email} is already on the staff. Change their role in the list.",
  "console-staff.invite.sent": "The invitation was sent to {email}.",
  "console-staff.invite.notSent":
    "{email} was added, but the email could not be sent ({reason}). Pass them the link below, or send the invitation again later.",
  "console-staff.done.role": "The role was changed.",
  "console-staff.done.disabled": "Disabled: every session and API token of theirs has ended.",
  "console-staff.done.enabled": "Enabled: they can ask for a link to sign in again.",
  "console-staff.done.unchanged": "Nothing changed.",
  "console-staff.done.notFound": "There is no such person on the staff.",
  "console-staff.done.lastOwner":
    "Not possible: this is the last active owner. Make someone else an owner first. Nothing was changed.",
  "console-staff.sessions.title": "My sessions",
  "console-staff.sessions.created": "Started",
  "console-staff.sessions.seen": "Last used",
  "console-staff.sessions.expires": "Expires",
  "console-staff.sessions.this": "this session",
  "console-staff.sessions.end": "End",
  "console-staff.sessions.ended": "The session has ended.",
  "console-staff.tokens.title": "API tokens",
  "console-staff.tokens.intro":
    "API tokens for scripts (npm run publish, CI): send one as Authorization: Bearer. A token is shown once, when it is made; its role is no higher than yours.",
  "console-staff.tokens.none": "No tokens yet.",
  "console-staff.tokens.name": "Token name",
  "console-staff.tokens.owner": "Belongs to",
  "console-staff.tokens.lastUsed": "Last used",
  "console-staff.tokens.never": "Never",
  "console-staff.tokens.revoke": "Revoke",
  "console-staff.tokens.revokeLabel": "Revoke the token {name}",
  "console-staff.tokens.revoked": "Revoked at {time}",
  "console-staff.tokens.revokedNotice": "The token was revoked: it no longer works.",
  "console-staff.tokens.heading": "Make a token",
  "console-staff.tokens.submit": "Make the token",
  "console-staff.tokens.created": "Your token {name}: copy it now, it will not be shown again.",
  "console-staff.tokens.nameEmpty": "Give the token a name (for example: CI).",
  "console-staff.tokens.nameTooLong": "A token name has at most {max, number} characters.",
  "console-staff.tokens.needsPerson":
    "An API token belongs to a person: invite yourself on the Staff page, then sign in with your address to make one.",
  "console-staff.tokens.roleTooHigh": "A token’s role cannot be higher than yours.",
  "console-staff.email.signIn.subject": "Sign in to the console of {site}",
  "console-staff.email.signIn.intro": "Hello {name}: press the button below to open the console of {site}.",
  "console-staff.email.signIn.button": "Open the console",
  "console-staff.email.signIn.expiry":
    "The link works once, for {minutes, plural, one {# minute} other {# minutes}}, in the browser that asked for it.",
  "console-staff.email.invitation.subject": "An invitation to the staff of {site}",
  "console-staff.email.invitation.intro": "Hello {name}: you are invited to the console of {site} as {role}.",
  "console-staff.email.invitation.button": "Accept the invitation",
  "console-staff.email.invitation.expiry": "The link works once, within {days, plural, one {# day} other {# days}}.",
  "console-staff.email.notYou": "If you did not ask for this email, ignore it: nobody gets in without the link.",
  // #endregion console-staff
} as const satisfies Catalogue;
