// The constant Worker the serving benchmark compares bantin with: for each measured URL it answers
// the exact status, headers and bytes bantin gave (captured by serving.ts just before, into the
// module aliased as "bench:captured"), and a 304 with bantin's 304 headers to a matching
// If-None-Match. It reads nothing and builds nothing: the least a Worker can do to serve them.
import captured from "bench:captured";

interface Answer {
  etag: string;
  headers: Headers;
  body: Uint8Array;
  notModifiedHeaders: Headers;
}

const answers = new Map<string, Answer>();
for (const [path, c] of Object.entries(captured)) {
  answers.set(path, {
    etag: c.etag,
    headers: new Headers(c.headers),
    body: Uint8Array.from(atob(c.body), (ch) => ch.charCodeAt(0)),
    notModifiedHeaders: new Headers(c.notModifiedHeaders),
  });
}

export default {
  fetch(request: Request): Response {
    const answer = answers.get(new URL(request.url).pathname);
    if (!answer) return new Response("not captured", { status: 404 });
    if (request.headers.get("If-None-Match") === answer.etag) {
      return new Response(null, { status: 304, headers: answer.notModifiedHeaders });
    }
    // "manual": the bytes are already in the coding named by Content-Encoding, as bantin sends them.
    return new Response(answer.body, { status: 200, headers: answer.headers, encodeBody: "manual" });
  },
};
