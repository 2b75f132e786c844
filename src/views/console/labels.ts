// The console's words for states, and its times, in Vietnamese. Pure.
import type { SiteConfig } from "../../config.ts";
import { formatVietnameseDate, zonedIso } from "../../dates.ts";
import type { PostState } from "../../posts/repository.ts";
import type { SubscriberStatus } from "../../subscribers/repository.ts";

export const POST_STATES: Record<PostState, string> = {
  draft: "Bản nháp",
  scheduled: "Đã lên lịch",
  published: "Đã đăng",
  withdrawn: "Đã gỡ",
};

export const SUBSCRIBER_STATES: Record<SubscriberStatus, string> = {
  confirmed: "Đã xác nhận",
  pending: "Chờ xác nhận",
  unsubscribed: "Đã hủy",
  suppressed: "Bị chặn",
};

/** "08:05, Thứ Hai, 30/11/2026" in the site's time zone. */
export function when(ms: number, config: SiteConfig): string {
  return `${zonedIso(ms, config.timeZone).slice(11, 16)}, ${formatVietnameseDate(ms, config.timeZone)}`;
}

/** The same for a stored ISO 8601 time with its offset. */
export function whenIso(iso: string | null, config: SiteConfig): string {
  if (!iso) return "";
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : when(ms, config);
}

const METHODS: Record<string, string> = {
  "double-opt-in (web form)": "tự đăng ký và xác nhận qua email",
  "confirmed elsewhere (CSV import, attested by the editor)": "nhập từ CSV, đã xác nhận ở nơi khác",
};

/** How consent was given, in the console's words (the stored text when it has none). */
export function consentMethod(method: string | null): string {
  return method === null ? "" : (METHODS[method] ?? method);
}
