import type { Db } from '../db/client.ts';
import { Role } from '../generated/prisma/enums.ts';

/**
 * Who a notify node's `to` names: "ana@example.com", "group:<key>" or "role:<role>", or several
 * of them separated by commas or semicolons. Resolution happens at delivery time, so a message
 * reaches whoever is in the group when it is sent.
 */
export type Recipient =
  | { readonly kind: 'address'; readonly email: string }
  | { readonly kind: 'group'; readonly key: string }
  | { readonly kind: 'role'; readonly role: Role };

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ROLES = Object.values(Role);
// Deliberately simple: no spaces, quotes or address-list punctuation, so nothing can smuggle a
// second header or recipient into a mail; real validation is the SMTP server's.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}

export function parseRecipients(to: string): Parsed<Recipient[]> {
  const parts = to
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, problem: 'no recipient: "to" is empty' };
  const recipients: Recipient[] = [];
  for (const part of parts) {
    const quoted = JSON.stringify(part.slice(0, 200));
    if (part.startsWith('group:')) {
      const key = part.slice('group:'.length).trim();
      if (!key) return { ok: false, problem: `${quoted} names no group` };
      recipients.push({ kind: 'group', key });
    } else if (part.startsWith('role:')) {
      const role = part.slice('role:'.length).trim();
      if (!(ROLES as string[]).includes(role)) return { ok: false, problem: `${quoted} is not a role; roles are ${ROLES.join(', ')}` };
      recipients.push({ kind: 'role', role: role as Role });
    } else if (isEmailAddress(part)) {
      recipients.push({ kind: 'address', email: part });
    } else {
      return { ok: false, problem: `${quoted} is not an e-mail address, "group:<key>" or "role:<role>"` };
    }
  }
  return { ok: true, value: recipients };
}

export interface ResolvedUser {
  readonly id: string;
  readonly email: string;
}

/**
 * The users a list of recipients means. An address must belong to a user, a group must exist and
 * have members, a role must have holders: a message that would reach nobody is a problem to
 * report, not a success. All or nothing, so a half-resolved list never sends half the messages.
 */
export async function resolveUsers(db: Db, recipients: readonly Recipient[]): Promise<Parsed<ResolvedUser[]>> {
  const users = new Map<string, ResolvedUser>();
  const problems: string[] = [];
  const select = { id: true, email: true } as const;
  for (const recipient of recipients) {
    let found: ResolvedUser[];
    switch (recipient.kind) {
      case 'address': {
        const user = await db.user.findFirst({ where: { email: { equals: recipient.email, mode: 'insensitive' } }, select });
        if (!user) problems.push(`no user has the e-mail "${recipient.email}"`);
        found = user ? [user] : [];
        break;
      }
      case 'group': {
        const group = await db.group.findUnique({
          where: { key: recipient.key },
          select: { members: { select: { user: { select } } } },
        });
        if (!group) problems.push(`no group has the key "${recipient.key}"`);
        else if (group.members.length === 0) problems.push(`group "${recipient.key}" has no members`);
        found = group?.members.map((m) => m.user) ?? [];
        break;
      }
      case 'role': {
        found = await db.user.findMany({ where: { roles: { has: recipient.role } }, select });
        if (found.length === 0) problems.push(`no user has the role "${recipient.role}"`);
        break;
      }
      default: {
        const never: never = recipient;
        return never;
      }
    }
    for (const user of found) users.set(user.id, user);
  }
  if (problems.length > 0) return { ok: false, problem: `unknown recipient: ${problems.join('; ')}` };
  return { ok: true, value: [...users.values()] };
}

/**
 * E-mail addresses for a list of recipients: addresses as written (customers need not be users),
 * groups and roles as their members' addresses. Duplicates are dropped, ignoring case.
 */
export async function resolveEmailAddresses(db: Db, recipients: readonly Recipient[]): Promise<Parsed<string[]>> {
  const direct = recipients.filter((r) => r.kind === 'address').map((r) => r.email);
  const viaUsers = recipients.filter((r) => r.kind !== 'address');
  const members = viaUsers.length > 0 ? await resolveUsers(db, viaUsers) : ({ ok: true, value: [] } as const);
  if (!members.ok) return members;
  const seen = new Set<string>();
  const addresses: string[] = [];
  for (const email of [...direct, ...members.value.map((u) => u.email)]) {
    if (seen.has(email.toLowerCase())) continue;
    seen.add(email.toLowerCase());
    addresses.push(email);
  }
  return { ok: true, value: addresses };
}
