import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { absoluteUrl, type SiteConfig } from "../config.ts";
import { FEED_PATHS, type FeedPaths } from "../feeds/build.ts";
import { siteText } from "../i18n/index.ts";

// One small stylesheet inline: no external assets, readable from 320 px phones to desktops,
// light and dark.
const CSS = `
:root{color-scheme:light dark;--fg:#1b1b1f;--muted:#5c5f66;--bg:#fdfdfc;--accent:#a3261d;--on-accent:#fff;--rule:#e3e1dc;--tint:#f6f3ef}
@media (prefers-color-scheme:dark){:root{--fg:#e9e7e2;--muted:#a3a6ad;--bg:#16171a;--accent:#f08a7e;--on-accent:#16171a;--rule:#2e3036;--tint:#1f2024}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);font:1.0625rem/1.65 "Noto Serif","Source Serif 4",Georgia,"Times New Roman",serif}
.wrap{max-width:42rem;margin:0 auto;padding:1.25rem 1rem 3rem}
header.site{border-bottom:1px solid var(--rule);padding-bottom:.75rem;margin-bottom:1.5rem}
header.site a{color:inherit;text-decoration:none;font:700 1.125rem/1.3 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
h1,h2,h3{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;line-height:1.25;overflow-wrap:break-word}
h1{font-size:clamp(1.6rem,5vw,2.25rem);margin:.25rem 0 .5rem}
h2{font-size:1.3rem;margin:2rem 0 .5rem}
h3{font-size:1.0625rem;margin:1.5rem 0 .5rem;color:var(--accent)}
p{margin:0 0 1rem;overflow-wrap:break-word}
a{color:var(--accent);text-underline-offset:.15em}
.meta{color:var(--muted);font:.9375rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin-bottom:1.5rem}
figure{margin:1.5rem 0;padding:.5rem 0 .5rem .875rem;border-left:3px solid var(--rule)}
figcaption{color:var(--muted);font-style:italic;font-size:.9375rem}
img{max-width:100%;height:auto}
figure.photo{padding:0;border:0}
figure.photo img{display:block;margin-bottom:.5rem}
.credit{font:normal .8125rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
ol.posts img{display:block;width:100%;aspect-ratio:3/2;object-fit:cover;margin:.5rem 0;background:var(--tint)}
@media (min-width:36rem){ol.posts li.pic{display:grid;grid-template-columns:12rem 1fr;gap:1.25rem;align-items:start}}
ol.posts{list-style:none;padding:0;margin:0}
ol.posts li{padding:1rem 0;border-bottom:1px solid var(--rule)}
ol.posts h2{margin:.25rem 0}
h2 a{text-decoration-thickness:1px}
.tags{color:var(--muted);font-size:.9375rem}
.notice{margin:0 0 1.5rem;padding:.75rem 1rem;border-left:4px solid var(--accent);background:var(--tint);font:.9375rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
article.digest-post{border-top:1px solid var(--rule);margin-top:1.5rem}
article.digest-post .photo img{display:block;width:100%;height:auto}
ul.points{padding-left:1.25rem;margin:0 0 1rem}
ul.points li{margin:0 0 .5rem}
nav.pager{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:2rem 0;padding-top:1rem;border-top:1px solid var(--rule);font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
form.subscribe{margin:2rem 0;padding:1rem;border:1px solid var(--rule);border-radius:.5rem}
form.subscribe label{display:block;font:700 1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin-bottom:.5rem}
form.subscribe .row{display:flex;gap:.5rem;flex-wrap:wrap}
input[type=email]{flex:1 1 12rem;min-width:0;font:inherit;padding:.5rem .625rem;border:1px solid var(--muted);border-radius:.375rem;background:var(--bg);color:var(--fg)}
button{font:600 1rem/1.2 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;padding:.625rem 1rem;border:0;border-radius:.375rem;background:var(--accent);color:var(--on-accent);cursor:pointer}
.hint{color:var(--muted);font-size:.875rem;margin:.5rem 0 0}
button.secondary{background:transparent;color:var(--accent);border:1px solid var(--accent)}
fieldset.choices{border:0;padding:0;margin:1rem 0 0;min-width:0}
fieldset.choices legend{padding:0;margin:0 0 .25rem;font:700 1rem/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
fieldset.choices .hint{margin:0 0 .25rem}
form.subscribe label.choice,label.choice{display:flex;gap:.625rem;align-items:flex-start;margin:0;padding:.375rem 0;font:400 1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;cursor:pointer}
label.choice input{flex:none;width:1.25rem;height:1.25rem;margin:.125rem 0 0;accent-color:var(--accent)}
ul.topics{list-style:none;padding:0;margin:0 0 0 1.875rem}
@media (min-width:36rem){ul.topics{columns:2;column-gap:1.5rem}ul.topics li{break-inside:avoid}}
ul.chosen{padding-left:1.25rem;margin:0 0 1rem}
.error{color:var(--accent);font-weight:600;margin:.5rem 0 0}
footer.site{margin-top:3rem;border-top:1px solid var(--rule);padding-top:1rem;color:var(--muted);font:.9375rem/1.6 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
footer.site a{margin-right:1rem}
progress{-webkit-appearance:none;appearance:none;width:100%;height:1.25rem;border:1px solid var(--muted);border-radius:.375rem;background:var(--tint);color:var(--accent);overflow:hidden;vertical-align:middle}
progress::-webkit-progress-bar{background:var(--tint)}
progress::-webkit-progress-value{background:var(--accent)}
progress::-moz-progress-bar{background:var(--accent)}
table.counts th{text-align:left;font-weight:400;padding-right:2rem}
table.counts td{text-align:right;font-variant-numeric:tabular-nums}
`;

export interface LayoutProps {
  config: SiteConfig;
  title: string;
  /** For search results and link previews; the publication's description when absent. */
  description?: string;
  /** Site-relative path of the page, for its canonical URL. */
  path: string;
  /** The headline a link preview shows (the title when absent). */
  headline?: string;
  /** Open Graph type: "article" for posts and digests. */
  type?: "website" | "article";
  /** Feeds of this page to announce before the site's own (a tag's feeds), with their title. */
  feeds?: { title: string; paths: FeedPaths };
  /** The photo a link preview shows (a post's lead image), absolute URL; its alt "" when decorative. */
  image?: { url: string; type: string; width: number; height: number; alt: string };
  children: Child;
}

const FEED_NAMES = [
  ["rss", "application/rss+xml", "RSS"],
  ["atom", "application/atom+xml", "Atom"],
  ["json", "application/feed+json", "JSON Feed"],
] as const;

/** `<link rel="alternate">` autodiscovery for one feed in its three formats. */
function Alternates({ config, title, paths }: { config: SiteConfig; title: string; paths: FeedPaths }) {
  return (
    <>
      {FEED_NAMES.map(([format, type, name]) => (
        <link
          key={format}
          rel="alternate"
          type={type}
          title={`${title} (${name})`}
          href={absoluteUrl(config, paths[format])}
        />
      ))}
    </>
  );
}

/** Open Graph's locale (language_TERRITORY) for a BCP 47 language tag. */
export function ogLocale(language: string): string {
  const [lang = "", region] = language.split("-");
  if (region) return `${lang.toLowerCase()}_${region.toUpperCase()}`;
  const usual: Record<string, string> = { vi: "vi_VN", en: "en_US", fr: "fr_FR", zh: "zh_CN" };
  return usual[lang.toLowerCase()] ?? lang.toLowerCase();
}

/** Open Graph's image and its facts, and the large card that shows it (a decorative photo has no og:image:alt). */
function PreviewImage({ image }: { image: NonNullable<LayoutProps["image"]> }) {
  return (
    <>
      <meta property="og:image" content={image.url} />
      <meta property="og:image:type" content={image.type} />
      <meta property="og:image:width" content={String(image.width)} />
      <meta property="og:image:height" content={String(image.height)} />
      {image.alt !== "" ? <meta property="og:image:alt" content={image.alt} /> : null}
      <meta name="twitter:card" content="summary_large_image" />
    </>
  );
}

/**
 * The page shell: language, viewport, canonical URL, description and Open Graph tags for link
 * previews (Zalo, Facebook), and autodiscovery of the three feeds.
 */
export function Layout({ config, title, description, path, headline, type, feeds, image, children }: LayoutProps) {
  const t = siteText(config);
  const url = absoluteUrl(config, path);
  const summary = description || config.description || config.title;
  return (
    <html lang={t.tag}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={summary} />
        <link rel="canonical" href={url} />
        <meta property="og:title" content={headline ?? title} />
        <meta property="og:description" content={summary} />
        <meta property="og:url" content={url} />
        <meta property="og:type" content={type ?? "website"} />
        <meta property="og:site_name" content={config.title} />
        <meta property="og:locale" content={ogLocale(t.tag)} />
        {image ? <PreviewImage image={image} /> : null}
        {feeds ? <Alternates config={config} title={feeds.title} paths={feeds.paths} /> : null}
        <Alternates config={config} title={config.title} paths={FEED_PATHS} />
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
            <a href={absoluteUrl(config, "/tags")}>{t.t("common.footer.topics")}</a>
            <a href={absoluteUrl(config, "/digests")}>{t.t("common.footer.digests")}</a>
          </footer>
        </div>
      </body>
    </html>
  );
}
