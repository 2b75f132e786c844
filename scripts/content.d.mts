export type PostFile = {
  file: string;
  input: { [key: string]: unknown };
};
export function parsePostFile(text: string, file?: string): Record<string, unknown>;
export function readPosts(dir: string): Promise<PostFile[]>;
