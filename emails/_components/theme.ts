// Colours and type for every email: readable in light and dark mode, and on a 360 px screen.
export const colors = {
  text: "#1f2328",
  muted: "#59636e",
  accent: "#a3261d",
  rule: "#d8dee4",
};

export const fonts = {
  sans: "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  serif: "Georgia, 'Noto Serif', 'Times New Roman', serif",
};
