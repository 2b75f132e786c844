// Subscriptions stored before topics were canonical and callbacks had their host recorded (migration
// 0017) are brought up to date by the hub itself: SQL cannot apply RFC 3986's rules, and the site's own
// URL is needed to know a topic's canonical spelling. Done before each distribution and unsubscription,
// so no change is pushed twice to one callback and an unsubscription finds its subscription however
// it was spelled; once done, it costs two small reads.
import { callbackHost } from "./callback.ts";
import { callbacksWithoutHost, moveSubscriptions, setCallbackHosts, storedTopics } from "./repository.ts";
import { canonicalTopic } from "./topic.ts";

export async function upgradeStoredSubscriptions(db: D1Database, siteUrl: string): Promise<void> {
  for (const topic of await storedTopics(db)) {
    const canonical = canonicalTopic(siteUrl, topic);
    // A topic of no feed of this site (SITE_URL changed, say) is left to expire with its lease.
    if (canonical && canonical.url !== topic) await moveSubscriptions(db, topic, canonical.url);
  }
  const hosts: { callback: string; host: string }[] = [];
  for (const callback of await callbacksWithoutHost(db)) {
    try {
      hosts.push({ callback, host: callbackHost(new URL(callback)) });
    } catch {
      hosts.push({ callback, host: "" });
    }
  }
  await setCallbackHosts(db, hosts);
}
