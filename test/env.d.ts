import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: D1Migration[];
      TEST_POSTS: { file: string; input: Record<string, unknown> }[];
      TEST_SEED: string;
      MIGRATION_TEST_DB: D1Database;
    }
  }
}
