// Who does something in the console or through the admin API: a person of the staff, a personal API
// token, or the site's ADMIN_TOKEN (an owner's key, kept working for scripts). Set as the request's
// `actor` on /admin/* and /console/* once the request is let in; what they may do follows from
// `role`, and the audit log names them by `label`.

/** Least to most: an author writes their own drafts, an editor publishes, an owner runs everything. */
export type Role = "author" | "editor" | "owner";

export const ROLES: readonly Role[] = ["author", "editor", "owner"];

export interface Actor {
  kind: "staff" | "api-token" | "admin-token";
  /** The person (kind "staff"), or the person who made the token (kind "api-token"). */
  staffId: number | null;
  /** The personal API token's id (kind "api-token"). */
  tokenId: string | null;
  /** How the audit log and the console name them: an address, a token's name, or "ADMIN_TOKEN". */
  label: string;
  role: Role;
}

/** The ADMIN_TOKEN: the owner's key that every site has from its first deploy. */
export const ADMIN_TOKEN_ACTOR: Actor = {
  kind: "admin-token",
  staffId: null,
  tokenId: null,
  label: "ADMIN_TOKEN",
  role: "owner",
};

/** Whether `role` is `least` or above it. */
export function atLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}
