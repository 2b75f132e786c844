// A fast SMTP sink for benchmarks: accepts every message at once and counts it, with none of the
// deliberate delays of a real server (smtp-server waits 100 ms before greeting each connection to
// catch early talkers, which would cap any client at ten connections a second). Loopback only.
import { createServer, type Socket } from "node:net";

export interface Sink {
  port: number;
  /** Messages accepted so far, and the first one's bytes (for the plain client to resend). */
  count: () => number;
  /** Messages accepted per recipient (RCPT TO), when started with `{ recipients: true }`. */
  received: () => ReadonlyMap<string, number>;
  first: () => Buffer | null;
  close: () => Promise<void>;
}

export async function startSink(options: { recipients?: boolean } = {}): Promise<Sink> {
  let count = 0;
  const received = new Map<string, number>();
  let first: Buffer | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let inData = false;
    let to: string[] = [];
    socket.write("220 sink ESMTP\r\n");
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const replies: string[] = [];
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end === -1) break;
          if (!first) first = Buffer.from(buffer.subarray(0, end + 2));
          buffer = buffer.subarray(end + 5);
          inData = false;
          count++;
          for (const r of to) received.set(r, (received.get(r) ?? 0) + 1);
          to = [];
          replies.push("250 2.0.0 queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl === -1) break;
        const verb = buffer.subarray(0, Math.min(nl, 4)).toString("latin1").toUpperCase();
        if (options.recipients && verb === "RCPT") {
          const line = buffer.subarray(0, nl).toString("latin1");
          to.push(line.slice(line.indexOf("<") + 1, line.lastIndexOf(">")).toLowerCase());
        } else if (verb === "MAIL" || verb === "RSET") to = [];
        buffer = buffer.subarray(nl + 2);
        if (verb === "EHLO") replies.push("250-sink\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8");
        else if (verb === "DATA") {
          inData = true;
          replies.push("354 go ahead");
        } else if (verb === "QUIT") {
          socket.end("221 bye\r\n");
          return;
        } else replies.push("250 ok");
      }
      if (replies.length > 0) socket.write(`${replies.join("\r\n")}\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    count: () => count,
    received: () => received,
    first: () => first,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
