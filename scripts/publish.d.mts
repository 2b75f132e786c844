/** What became of one image file a post names. */
export type PhotoResult = { file: string; href: string; path: string; sent: boolean };
export type PublishResult = {
  file: string;
  status: string;
  error?: string;
  line?: number;
  url?: string;
  photos?: PhotoResult[];
  [key: string]: unknown;
};
export const CONTENT_DIR: string;
export function publishAll(
  baseUrl: string,
  token: string,
  dir?: string,
  options?: { fetch?: (url: string, init: RequestInit) => Promise<Response> },
): Promise<PublishResult[]>;
export function deleteAll(baseUrl: string, token: string, slugs: string[], dir?: string): Promise<PublishResult[]>;
export function where(r: PublishResult): string;
export function report(results: PublishResult[], log?: (line: string) => void): boolean;
export function parseArgs(argv: string[]): { folder: string | undefined; deletes: string[] };
