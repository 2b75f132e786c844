// npm run screenshots: Chromium (Debian's `chromium`, headless) pictures of the digest at phone
// and desktop widths and of the home and post pages, saved in docs/. Starts its own `npm start`.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT || 8790);
const base = `http://127.0.0.1:${port}`;
const chromium = process.env.CHROMIUM || "/usr/bin/chromium";

const shots = [
  ["digest-phone.png", "/digests/1", 360, 2200],
  ["digest-desktop.png", "/digests/1", 1280, 1900],
  ["home-phone.png", "/", 360, 1100],
  ["post-phone.png", "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam", 360, 2600],
  ["post-desktop.png", "/posts/so-ket-cong-tac-dan-van-6-thang-dau-nam", 1280, 1700],
];

const state = mkdtempSync(path.join(tmpdir(), "bantin-shots-"));
const server = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
  cwd: root,
  env: { ...process.env, PORT: String(port), BANTIN_STATE_DIR: state },
  stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
server.stdout.on("data", (d) => (out += d));
try {
  const deadline = Date.now() + 90_000;
  while (!out.includes("Stop with Ctrl+C")) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`npm start did not come up:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  for (const [file, urlPath, width, height] of shots) {
    const profile = mkdtempSync(path.join(tmpdir(), "bantin-chromium-"));
    execFileSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${profile}`,
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        `--window-size=${width},${height}`,
        `--screenshot=${path.join(root, "docs", file)}`,
        `${base}${urlPath}`,
      ],
      { stdio: "ignore" },
    );
    rmSync(profile, { recursive: true, force: true });
    console.log(`docs/${file}  ${width}×${height}  ${urlPath}`);
  }
} finally {
  server.kill("SIGTERM");
  await new Promise((r) => server.once("exit", r));
  rmSync(state, { recursive: true, force: true });
}
