import { randomBytes } from 'node:crypto';
import { compileFlowOrThrow, type FlowDefinitionInput, type NodeCatalog } from '@trackway/schema';
import { builtinRegistry } from '@trackway/nodes';
import { hashToken } from '../api/context.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { seedCalendars } from '../calendars/seed-calendars.ts';
import { seedCustomers } from '../customers/seed.ts';
import type { Db } from '../db/client.ts';
import { seedDocumentTemplates } from '../documents/seed.ts';
import { seedDemoApiKey } from '../events/seed-api-key.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { seedNotificationGroups } from '../notifications/seed.ts';
import { invoiceDemoFlow } from './demo-flow.ts';
import { SCENARIO_FLOWS } from './scenarios/index.ts';

export const DEMO_USERS = [
  { email: 'admin@trackway.local', displayName: 'Ada Admin', roles: ['admin'] },
  { email: 'owner@trackway.local', displayName: 'Olga Owner', roles: ['process_owner'] },
  { email: 'staff@trackway.local', displayName: 'Sam Staff', roles: ['staff'] },
  { email: 'manager@trackway.local', displayName: 'Mia Manager', roles: ['manager'] },
  { email: 'auditor@trackway.local', displayName: 'Aldo Auditor', roles: ['auditor'] },
  { email: 'developer@trackway.local', displayName: 'Dev Developer', roles: ['developer'] },
] as const;

/** Demo groups for task assignment, with the demo accounts that belong to them. */
export const DEMO_GROUPS = [
  { key: 'support', name: 'Support', members: ['staff@trackway.local'] },
  { key: 'shift-leads', name: 'Shift leads', members: ['manager@trackway.local'] },
  { key: 'sales-heads', name: 'Sales heads', members: ['manager@trackway.local'] },
] as const;

export interface SeedResult {
  /** Tokens of users created in this call; existing users keep theirs (only hashes are stored). */
  readonly newTokens: ReadonlyArray<{ email: string; token: string }>;
  /**
   * Passwords set in this call: for new demo accounts, and for demo accounts from before
   * passwords existed. Accounts that have one keep it (only its argon2id hash is stored).
   */
  readonly newPasswords: ReadonlyArray<{ email: string; password: string }>;
}

export function newToken(): string {
  return `tw_${randomBytes(24).toString('base64url')}`;
}

/** Idempotent: creates what is missing, leaves what exists. */
export async function seedDemo(db: Db): Promise<SeedResult> {
  const newTokens: Array<{ email: string; token: string }> = [];
  const newPasswords: Array<{ email: string; password: string }> = [];
  for (const user of DEMO_USERS) {
    const existing = await db.user.findUnique({ where: { email: user.email }, select: { id: true, passwordHash: true } });
    if (existing?.passwordHash) continue;
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    if (existing) {
      // Only where none is set yet (updateMany with the condition: a concurrent start cannot overwrite).
      const { count } = await db.user.updateMany({ where: { id: existing.id, passwordHash: null }, data: { passwordHash } });
      if (count > 0) newPasswords.push({ email: user.email, password });
      continue;
    }
    const token = newToken();
    await db.user.create({
      data: { email: user.email, displayName: user.displayName, roles: [...user.roles], tokenHash: hashToken(token), passwordHash },
    });
    newTokens.push({ email: user.email, token });
    newPasswords.push({ email: user.email, password });
  }
  await seedDemoGroups(db);
  const owner = await db.user.findUniqueOrThrow({ where: { email: 'owner@trackway.local' }, select: { id: true } });
  // After the users: the staff and manager demo accounts look after customer accounts.
  await seedCustomers(db);
  await seedNotificationGroups(db);
  await seedCalendars(db);
  await seedDocumentTemplates(db);
  for (const flow of [{ key: 'invoice-follow-up', definition: invoiceDemoFlow }, ...SCENARIO_FLOWS])
    await seedFlow(db, flow.key, flow.definition, owner.id);
  // Only beside freshly created accounts: the start command then prints and saves it with their
  // tokens (a key created on a later start would replace the saved tokens file).
  if (newTokens.length > 0) {
    const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@trackway.local' }, select: { id: true } });
    const apiKey = await seedDemoApiKey(db, admin.id);
    if (apiKey) newTokens.push({ email: 'events API key', token: apiKey });
  }
  return { newTokens, newPasswords };
}

/** Adds missing groups and memberships; never removes members someone added or renames a group. */
async function seedDemoGroups(db: Db): Promise<void> {
  for (const group of DEMO_GROUPS) {
    const row = await db.group.upsert({
      where: { key: group.key },
      update: {},
      create: { key: group.key, name: group.name },
      select: { id: true },
    });
    const users = await db.user.findMany({ where: { email: { in: [...group.members] } }, select: { id: true } });
    await db.groupMember.createMany({ data: users.map((u) => ({ groupId: row.id, userId: u.id })), skipDuplicates: true });
  }
}

/** Publishes a demo flow as version 1 unless a flow with that key exists (a user may have changed it). */
export async function seedFlow(
  db: Db,
  key: string,
  definition: FlowDefinitionInput,
  ownerId: string,
  catalog: NodeCatalog = builtinRegistry,
): Promise<void> {
  if (await db.flow.findUnique({ where: { key }, select: { id: true } })) return;
  const plan = compileFlowOrThrow(definition, catalog);
  await db.flow.create({
    data: {
      key,
      name: definition.metadata.name,
      description: definition.metadata.description ?? '',
      ownerId,
      draft: definition as unknown as Prisma.InputJsonObject,
      versions: {
        create: {
          version: 1,
          definition: definition as unknown as Prisma.InputJsonObject,
          plan: plan as unknown as Prisma.InputJsonObject,
          contentHash: plan.contentHash,
          note: 'Seeded demo',
          publishedBy: ownerId,
        },
      },
    },
  });
}
