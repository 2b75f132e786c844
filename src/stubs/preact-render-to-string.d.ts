// The one function of preact-render-to-string that bantin calls (src/mail/render.ts), typed here
// (tsconfig.json "paths" points the import at this file): the package's own types load the DOM's,
// which clash with the Workers runtime's.
declare module "preact-render-to-string" {
  export function renderToStringAsync(vnode: unknown): Promise<string>;
}
