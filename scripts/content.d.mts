export type PostFile = {
  file: string;
  input: { [key: string]: unknown };
};
export type PostSource = PostFile & { text: string };
/** An image of a post file that names a file beside it. */
export type LocalImage = {
  href: string;
  alt: string | undefined;
  /** Its line in the file (1-based). */
  line: number;
  field: "image" | "markdown";
  /** Where its reference starts in the body (body images). */
  start?: number;
};
export function parsePostFile(text: string, file?: string): Record<string, unknown>;
export function readPostSources(dir: string): Promise<PostSource[]>;
export function readPosts(dir: string): Promise<PostFile[]>;
export function isLocalReference(href: string): boolean;
export function localImages(text: string, file?: string): LocalImage[];
export function withSitePaths(
  input: Record<string, unknown>,
  images: LocalImage[],
  pathOf: (href: string) => string,
): Record<string, unknown>;
