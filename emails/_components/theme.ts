// Colours and type for every email. Each element carries its light colours inline (and tables a
// `bgcolor`), so a client that strips <style> still shows dark text on an explicit white
// background, which survives algorithmic darkening and full inversion. Clients that honour
// `prefers-color-scheme` (Apple Mail) or mark dark mode with `data-ogsc`/`data-ogsb` (Outlook.com)
// get the dark palette through the classes below. Every pair is at least 4.5:1 (WCAG AA).
const light = {
  bg: "#ffffff",
  text: "#1f2328", // 15.8:1 on bg
  muted: "#59636e", // 6.1:1
  accent: "#a3261d", // 7.4:1
  rule: "#d0d7de",
  onAccent: "#ffffff", // 7.4:1 on accent
};

const dark: typeof light = {
  bg: "#16171a",
  text: "#e9e7e2", // 14.8:1 on bg
  muted: "#a9adb4", // 7.9:1
  accent: "#f08a7e", // 7.4:1
  rule: "#3a3d44",
  onAccent: "#16171a", // 7.4:1 on accent
};

export const colors = light;

/** Class names that switch an element to the dark palette. */
export const cls = {
  bg: "bt-bg",
  text: "bt-text",
  muted: "bt-muted",
  accent: "bt-accent",
  rule: "bt-rule",
  button: "bt-button",
} as const;

function darkRules(prefix: string, backgrounds: boolean, foregrounds: boolean): string {
  const p = (c: string) => `${prefix}.${c}`;
  const rules: string[] = [];
  if (backgrounds) {
    rules.push(`${p(cls.bg)}{background-color:${dark.bg} !important}`);
    rules.push(`${p(cls.button)}{background-color:${dark.accent} !important}`);
  }
  if (foregrounds) {
    rules.push(`${p(cls.text)}{color:${dark.text} !important}`);
    rules.push(`${p(cls.muted)}{color:${dark.muted} !important}`);
    rules.push(`${p(cls.accent)}{color:${dark.accent} !important}`);
    rules.push(`${p(cls.rule)}{border-color:${dark.rule} !important}`);
    rules.push(`${p(cls.button)}{color:${dark.onAccent} !important}`);
  }
  return rules.join("");
}

/**
 * The dark palette for clients that ask for it, in two <style> elements: a client that drops a
 * whole <style> over a selector it does not accept (Gmail accepts attribute selectors only as
 * `[class~=…]`) loses only the Outlook.com one. `!important` has a space before it, as Outlook
 * for Windows needs.
 */
export const darkModeCss = [
  ":root{color-scheme:light dark;supported-color-schemes:light dark}" +
    `@media (prefers-color-scheme:dark){${darkRules("", true, true)}}`,
  darkRules("[data-ogsb] ", true, false) + darkRules("[data-ogsc] ", false, true),
] as const;

export const fonts = {
  sans: "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  serif: "Georgia, 'Noto Serif', 'Times New Roman', serif",
};
