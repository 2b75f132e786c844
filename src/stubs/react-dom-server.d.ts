// The one function of react-dom's server renderer that bantin calls (src/mail/render.ts).
declare module "react-dom/server.edge" {
  import type { ReactNode } from "react";
  export function renderToReadableStream(
    children: ReactNode,
    options?: { onError?: (error: unknown) => void; progressiveChunkSize?: number },
  ): Promise<ReadableStream<Uint8Array> & { allReady: Promise<void> }>;
}
