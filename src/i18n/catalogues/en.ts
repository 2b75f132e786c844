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
