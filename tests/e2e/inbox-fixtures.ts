import type { Db } from '../../apps/runtime/src/db/client.ts';
import { hashPassword } from '../../apps/runtime/src/auth/password.ts';
import { createUser } from '../support/platform.ts';

/**
 * People for the inbox journey (tests/e2e/inbox.spec.ts), seeded by platform.ts: a staff member
 * of the support group, a staff member of another group, and a manager; each signs in with a password.
 */
export interface InboxPerson {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}
export interface InboxFixtures {
  readonly staff: InboxPerson;
  readonly outsider: InboxPerson;
  readonly manager: InboxPerson;
  readonly group: string;
  readonly otherGroup: string;
}

export async function seedInboxFixtures(db: Db): Promise<InboxFixtures> {
  const stamp = Date.now().toString(36);
  const support = await db.group.create({ data: { key: 'e2e-support', name: 'E2E support' } });
  const billing = await db.group.create({ data: { key: 'e2e-billing', name: 'E2E billing' } });
  const person = async (roles: Array<'staff' | 'manager'>, name: string, groupId?: string): Promise<InboxPerson> => {
    const user = await createUser(db, roles, `${name.toLowerCase().replace(/\s+/g, '.')}-${stamp}@e2e.local`);
    const password = `${name} e2e password`;
    await db.user.update({ where: { id: user.id }, data: { displayName: name, passwordHash: await hashPassword(password) } });
    if (groupId) await db.groupMember.create({ data: { groupId, userId: user.id } });
    return { email: user.email, password, displayName: name };
  };
  return {
    staff: await person(['staff'], 'Sam Support', support.id),
    outsider: await person(['staff'], 'Olga Billing', billing.id),
    manager: await person(['manager'], 'Mia Manager'),
    group: support.key,
    otherGroup: billing.key,
  };
}
