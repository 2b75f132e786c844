// What the media tests share: uploading, and reading what the bucket and the table hold.
import { env } from "cloudflare:test";
import type { Media } from "../../src/media/repository.ts";
import { ADMIN, request } from "../helpers.ts";

/** A photo as the upload API answers with it. */
export type ShownMedia = Omit<Media, "uploadedAt" | "uploadedBy"> & { url: string; created: boolean };

/** POST /admin/media with one image as the body (its declared type is only a hint). */
export function uploadRaw(bytes: Uint8Array, query = "", bindings: Env = env, type = "image/jpeg"): Promise<Response> {
  return request(
    `/admin/media${query}`,
    { method: "POST", headers: { ...ADMIN, "Content-Type": type }, body: bytes },
    bindings,
  );
}

/** POST /admin/media as multipart/form-data. */
export function uploadForm(form: FormData, bindings: Env = env): Promise<Response> {
  return request("/admin/media", { method: "POST", headers: ADMIN, body: form }, bindings);
}

/** The one photo an upload answered with (failing the test otherwise). */
export async function uploaded(res: Response): Promise<ShownMedia> {
  const body = (await res.json()) as { media?: ShownMedia[]; error?: string };
  if (body.media?.length !== 1) throw new Error(`upload answered ${res.status}: ${JSON.stringify(body)}`);
  return body.media[0] as ShownMedia;
}

/** Every key in the MEDIA bucket. */
export async function bucketKeys(): Promise<string[]> {
  const { objects } = await env.MEDIA.list();
  return objects.map((o) => o.key).sort();
}

export async function mediaRows(): Promise<number> {
  return (await env.DB.prepare("SELECT count(*) AS n FROM media").first<number>("n")) ?? 0;
}

/** The path part of a photo's URL. */
export const pathOf = (url: string) => new URL(url).pathname;

export async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

/** Empties the bucket and the table (a beforeEach of the media tests). */
export async function emptyMedia(): Promise<void> {
  const keys = await bucketKeys();
  if (keys.length > 0) await env.MEDIA.delete(keys);
  await env.DB.prepare("DELETE FROM media").run();
}
