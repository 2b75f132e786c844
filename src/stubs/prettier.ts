// @react-email/render imports Prettier lazily, only for `pretty: true`, which bantin never asks
// for; wrangler.toml aliases Prettier here so ~1 MB of formatter stays out of the Worker.
export function format(): never {
  throw new Error("Pretty-printing email HTML is not available in the Worker bundle.");
}
export default {};
