import type { CustomerInteractionSummary, CustomerProfile } from '@trackway/nodes';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';

export const RECENT_REQUESTS = 10;
/** A customer with more open problems than this has a bigger problem than a long list can show. */
export const OPEN_PROBLEMS_SHOWN = 50;

const customerSelect = {
  id: true,
  externalRef: true,
  name: true,
  tier: true,
  segment: true,
  timeZone: true,
  accountManagerId: true,
  contacts: {
    select: { kind: true, value: true, label: true, primary: true },
    orderBy: [{ primary: 'desc' }, { kind: 'asc' }, { value: 'asc' }],
  },
} satisfies Prisma.CustomerSelect;

const interactionSelect = {
  id: true,
  kind: true,
  subject: true,
  status: true,
  priority: true,
  createdAt: true,
  closedAt: true,
} satisfies Prisma.CustomerInteractionSelect;

type InteractionRow = Prisma.CustomerInteractionGetPayload<{ select: typeof interactionSelect }>;

function summary(row: InteractionRow): CustomerInteractionSummary {
  return { ...row, createdAt: row.createdAt.toISOString(), closedAt: row.closedAt?.toISOString() ?? null };
}

/** The profile flows and the API see: the customer, their contacts, account manager and history. */
export async function loadProfile(db: Db, customerId: string): Promise<CustomerProfile | null> {
  const customer = await db.customer.findUnique({ where: { id: customerId }, select: customerSelect });
  if (!customer) return null;
  const newestFirst = [{ createdAt: 'desc' }, { id: 'asc' }] satisfies Prisma.CustomerInteractionOrderByWithRelationInput[];
  const [recentRequests, openProblems, accountManager] = await Promise.all([
    db.customerInteraction.findMany({
      where: { customerId, kind: 'request' },
      select: interactionSelect,
      orderBy: newestFirst,
      take: RECENT_REQUESTS,
    }),
    db.customerInteraction.findMany({
      where: { customerId, status: 'open' },
      select: interactionSelect,
      orderBy: newestFirst,
      take: OPEN_PROBLEMS_SHOWN,
    }),
    customer.accountManagerId
      ? db.user.findUnique({ where: { id: customer.accountManagerId }, select: { id: true, email: true, displayName: true } })
      : null,
  ]);
  const { accountManagerId: _managerId, ...rest } = customer;
  return {
    ...rest,
    accountManager: accountManager ?? null,
    recentRequests: recentRequests.map(summary),
    openProblems: openProblems.map(summary),
  };
}
