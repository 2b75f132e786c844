// npm run screenshots: pictures for the README, rendered exactly as test/e2e/rendering.test.ts
// renders what it measures (Debian's Chromium through playwright-core, which downloads nothing).
// Starts its own `npm start`, subscribes and confirms a reader, sends digest 1, and photographs
// the digest email as the local inbox received it (light, dark, forced dark, inverted; phone and
// desktop), the web edition and the home and post pages, then every console page at 360 px and
// 1200 px (docs/console-*.png). Writes PNGs into docs/.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Browsers, hasChromium, INSTALL_CHROMIUM } from "../test/e2e/browser.ts";
import { preparedConsolePages, signInOverHttp } from "../test/e2e/console-pages.ts";
import { receiveDigestOne } from "../test/e2e/inbox.ts";
import { startServer } from "../test/e2e/server.ts";

const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs");
if (!hasChromium) {
  console.error(
    `npm run screenshots needs Debian's Chromium (chromium-headless-shell or chromium): ${INSTALL_CHROMIUM}`,
  );
  process.exit(1);
}

const POST = "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam";
// [file, "email" or a path, width, mode]
const shots = [
  ["digest-phone-light.png", "email", 360, "light"],
  ["digest-phone-dark.png", "email", 360, "dark"],
  ["digest-phone-forced-dark.png", "email", 360, "forced-dark"],
  ["digest-phone-inverted.png", "email", 360, "inverted"],
  ["digest-desktop-light.png", "email", 1200, "light"],
  ["digest-desktop-dark.png", "email", 1200, "dark"],
  ["web-edition-phone.png", "/digests/1", 360, "light"],
  ["web-edition-phone-dark.png", "/digests/1", 360, "dark"],
  ["home-phone.png", "/", 360, "light"],
  ["post-phone.png", POST, 360, "light"],
  ["post-desktop.png", POST, 1200, "light"],
];

const server = await startServer();
const browsers = new Browsers();
try {
  const { digest } = await receiveDigestOne(server, "doc.gia@example.org");
  for (const [file, what, width, mode] of shots) {
    const source = what === "email" ? { html: digest } : { url: `${server.url}${what}` };
    const opened = await browsers.open(mode, width, source, 1);
    try {
      await opened.page.screenshot({ path: path.join(docs, file), fullPage: true });
    } finally {
      await opened.close();
    }
    console.log(`docs/${file}  ${width} px  ${mode}  ${what === "email" ? "the digest email as delivered" : what}`);
  }
  const session = await signInOverHttp(server);
  for (const doc of await preparedConsolePages(server, session)) {
    if (doc.noScreenshot) continue;
    const source = "html" in doc ? { html: doc.html } : { url: `${server.url}${doc.path}` };
    for (const [device, width] of [
      ["phone", 360],
      ["desktop", 1200],
    ]) {
      const file = `console-${doc.name.replaceAll(" ", "-")}-${device}.png`;
      const opened = await browsers.open("light", width, source, 1, [session.cookie]);
      try {
        // Chromium paints frames only in the viewport: make it as tall as the page, so the previews show.
        const height = await opened.page.evaluate("document.documentElement.scrollHeight");
        await opened.page.setViewportSize({ width, height: Number(height) });
        await opened.page.waitForTimeout(500);
        await opened.page.screenshot({ path: path.join(docs, file), fullPage: true });
      } finally {
        await opened.close();
      }
      console.log(`docs/${file}  ${width} px  the console: ${doc.name}`);
    }
  }
} finally {
  await browsers.close();
  await server.stop();
}
