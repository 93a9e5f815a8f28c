import type { Db } from '../db/client.ts';

/** Groups the demo flow notifies ("group:account-managers"); without them its run would fail on an unknown recipient. */
const DEMO_GROUPS = [
  { key: 'account-managers', name: 'Account managers', members: ['manager@trackway.local'] },
  // The scenario flows' teams (apps/runtime/src/demo/scenarios).
  { key: 'support', name: 'Support', members: ['staff@trackway.local'] },
  { key: 'shift-leads', name: 'Shift leads', members: ['manager@trackway.local'] },
  { key: 'sales-heads', name: 'Heads of sales', members: ['manager@trackway.local'] },
] as const;

/** Adds what is missing; never removes members someone added since. */
export async function seedNotificationGroups(db: Db): Promise<void> {
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
