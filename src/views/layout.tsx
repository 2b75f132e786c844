import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { FEED_PATHS } from "../feeds/build.ts";

// One small stylesheet inline: no external assets, readable from 320 px phones to desktops,
// light and dark.
const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5c5f66;--bg:#fdfdfc;--accent:#a3261d;--rule:#e3e1dc}
@media (prefers-color-scheme:dark){:root{--fg:#e9e7e2;--muted:#a3a6ad;--bg:#16171a;--accent:#f08a7e;--rule:#2e3036}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 "Noto Serif","Source Serif 4",Georgia,"Times New Roman",serif}
.wrap{max-width:42rem;margin:0 auto;padding:1.25rem 1rem 3rem}
header.site{border-bottom:1px solid var(--rule);padding-bottom:.75rem;margin-bottom:1.5rem}
header.site a{color:inherit;text-decoration:none;font:700 1.125rem/1.3 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
h1,h2,h3{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.25;overflow-wrap:break-word}
h1{font-size:clamp(1.6rem,5vw,2.25rem);margin:.25rem 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem}
p{margin:0 0 1rem;overflow-wrap:break-word}
a{color:var(--accent)}
.meta{color:var(--muted);font:.9375rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin-bottom:1.5rem}
figure{margin:1.5rem 0;padding:.5rem 0 .5rem .875rem;border-left:3px solid var(--rule)}
figcaption{color:var(--muted);font-style:italic;font-size:.9375rem}
ol.posts{list-style:none;padding:0;margin:0}
ol.posts li{padding:1rem 0;border-bottom:1px solid var(--rule)}
ol.posts h2{margin:.25rem 0}
ol.posts h2 a{color:inherit;text-decoration:none}
.tags{color:var(--muted);font-size:.9375rem}
form.subscribe{margin:2rem 0;padding:1rem;border:1px solid var(--rule);border-radius:.5rem}
form.subscribe label{display:block;font:700 1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin-bottom:.5rem}
form.subscribe .row{display:flex;gap:.5rem;flex-wrap:wrap}
input[type=email]{flex:1 1 12rem;min-width:0;font:inherit;padding:.5rem .625rem;border:1px solid var(--muted);border-radius:.375rem;background:var(--bg);color:var(--fg)}
button{font:600 1rem/1.2 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;padding:.625rem 1rem;border:0;border-radius:.375rem;background:var(--accent);color:#fff;cursor:pointer}
.hint{color:var(--muted);font-size:.875rem;margin:.5rem 0 0}
.error{color:var(--accent);font-weight:600;margin:.5rem 0 0}
footer.site{margin-top:3rem;border-top:1px solid var(--rule);padding-top:1rem;color:var(--muted);font:.9375rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
footer.site a{margin-right:1rem}
`;

export interface LayoutProps {
  config: SiteConfig;
  title: string;
  description?: string;
  /** Site-relative path of the page, for its canonical URL. */
  path: string;
  children: Child;
}

/** The page shell: language, viewport, canonical URL and autodiscovery of the three feeds. */
export function Layout({ config, title, description, path, children }: LayoutProps) {
  return (
    <html lang={config.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        {description ? <meta name="description" content={description} /> : null}
        <link rel="canonical" href={absoluteUrl(config, path)} />
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${config.title} (RSS)`}
          href={absoluteUrl(config, FEED_PATHS.rss)}
        />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${config.title} (Atom)`}
          href={absoluteUrl(config, FEED_PATHS.atom)}
        />
        <link
          rel="alternate"
          type="application/feed+json"
          title={`${config.title} (JSON Feed)`}
          href={absoluteUrl(config, FEED_PATHS.json)}
        />
        {/* The stylesheet is a constant of this file; JSX would escape its quotes. */}
        <style>{raw(CSS)}</style>
      </head>
      <body>
        <div class="wrap">
          <header class="site">
            <a href={absoluteUrl(config, "/")}>{config.title}</a>
          </header>
          <main>{children}</main>
          <footer class="site">
            <a href={absoluteUrl(config, FEED_PATHS.rss)}>RSS</a>
            <a href={absoluteUrl(config, FEED_PATHS.atom)}>Atom</a>
            <a href={absoluteUrl(config, FEED_PATHS.json)}>JSON Feed</a>
            <a href={absoluteUrl(config, "/digests")}>Bản tin qua email</a>
          </footer>
        </div>
      </body>
    </html>
  );
}
