// The media tests' photos (made in Node by test/fixtures/media.ts), as bytes in workerd.
import { inject } from "vitest";
import type { MediaFixture } from "./fixtures/media.ts";

const decoded = new Map<MediaFixture, Uint8Array>();

/** A fresh copy of a fixture's bytes. */
export function photo(name: MediaFixture): Uint8Array {
  let bytes = decoded.get(name);
  if (!bytes) {
    bytes = Uint8Array.from(atob(inject("media")[name]), (c) => c.charCodeAt(0));
    decoded.set(name, bytes);
  }
  return bytes.slice();
}

/** Whether `hay` holds the UTF-8 bytes of `text`. */
export function containsText(hay: Uint8Array, text: string): boolean {
  const needle = new TextEncoder().encode(text);
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
