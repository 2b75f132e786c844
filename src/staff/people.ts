// Changes to the people of the staff (roles, disabling, enabling), each with its audit record in the
// change's own D1 batch: both land or neither does, and a change that changes nothing records nothing.
import type { Role } from "../access/actor.ts";
import type { AuditAction, AuditDetail, AuditWho } from "../audit/model.ts";
import { auditStatement } from "../audit/repository.ts";
import { type Change, disablePerson, enablePerson, type Person, type PersonRecord, setRole } from "./repository.ts";

/** How the audit log names a person as the object of an action (their address goes in the detail). */
export const staffObject = (id: number) => ({ type: "staff" as const, id: String(id) });

function recordOf(
  db: D1Database,
  who: AuditWho,
  nowMs: number,
  action: AuditAction,
  detail: (before: Person) => AuditDetail = () => ({}),
): PersonRecord {
  return (before) =>
    auditStatement(
      db,
      { who, atMs: nowMs, action, object: staffObject(before.id), detail: { email: before.email, ...detail(before) } },
      { ifChanged: true },
    );
}

/** Gives a person another role (never leaving no active owner), on record. */
export function changeRole(db: D1Database, who: AuditWho, id: number, role: Role, nowMs: number): Promise<Change> {
  return setRole(
    db,
    id,
    role,
    recordOf(db, who, nowMs, "staff.role-change", (before) => ({ from: before.role, to: role })),
  );
}

/** Disables a person (their sessions, tokens and links end at once), on record. */
export function disable(db: D1Database, who: AuditWho, id: number, nowMs: number): Promise<Change> {
  return disablePerson(db, id, nowMs, recordOf(db, who, nowMs, "staff.disable"));
}

/** Lets a disabled person sign in again, on record. */
export function enable(db: D1Database, who: AuditWho, id: number, nowMs: number): Promise<Change> {
  return enablePerson(db, id, recordOf(db, who, nowMs, "staff.enable"));
}
