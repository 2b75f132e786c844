// The settings `npm start` forwards from its environment to the Worker. wrangler dev hands the
// Worker only the variables wrangler.toml declares in [vars], so each of these must be declared
// there (test/e2e/settings.test.ts checks it).
export const FORWARDED_SETTINGS = [
  "SITE_TITLE",
  "SITE_DESCRIPTION",
  "SITE_LANGUAGE",
  "CONSOLE_LANGUAGE",
  "SITE_TIMEZONE",
  "MAIL_FROM",
  "MAIL_REPLY_TO",
  "POSTMARK_TOKEN",
  "POSTMARK_STREAM",
  "POSTMARK_API_URL",
  "RETRY_BASE_SECONDS",
  "BREAKER_THRESHOLD",
  "BREAKER_COOLDOWN_SECONDS",
  "STALE_CLAIM_SECONDS",
  "STALL_SECONDS",
  "SMTP_CONNECTIONS",
  "WINDOW_SIZE",
  "DELIVERY_PROFILE",
  "WEBSUB_ALLOW_PRIVATE",
  "WEBSUB_RETRY_BASE_SECONDS",
  "BANTIN_LEDGER",
];
