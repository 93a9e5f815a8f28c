import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../api/errors.ts';
import { normaliseEmail, normalisePhone } from './normalize.ts';

interface SeedInteraction {
  readonly kind: 'request' | 'complaint' | 'call' | 'incident';
  readonly subject: string;
  readonly status: 'open' | 'closed';
  readonly priority?: 'low' | 'normal' | 'high' | 'urgent';
  readonly daysAgo: number;
}

interface SeedCustomer {
  readonly ref: string;
  readonly name: string;
  readonly tier: 'gold' | 'silver' | 'standard';
  readonly segment: string;
  readonly timeZone: string;
  /** Demo user (see demo/seed.ts) who looks after the account. */
  readonly manager?: 'manager@trackway.local' | 'staff@trackway.local';
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly interactions: readonly SeedInteraction[];
}

/** Anna Schmidt is the known caller of the demo and of the scenario tests: keep her phone, e-mail and tier. */
export const KNOWN_CUSTOMER = { ref: 'CRM-1001', phone: '+49301234567', email: 'anna.schmidt@example.com', tier: 'gold' } as const;

const CUSTOMERS: readonly SeedCustomer[] = [
  {
    ref: KNOWN_CUSTOMER.ref,
    name: 'Anna Schmidt',
    tier: 'gold',
    segment: 'enterprise',
    timeZone: 'Europe/Berlin',
    manager: 'manager@trackway.local',
    phones: ['+49 30 1234567'],
    emails: ['anna.schmidt@example.com'],
    interactions: [
      { kind: 'request', subject: 'Invoice INV-2041 shows the wrong VAT rate', status: 'open', priority: 'high', daysAgo: 2 },
      { kind: 'request', subject: 'Add a second delivery address', status: 'closed', daysAgo: 12 },
      { kind: 'call', subject: 'Asked about the renewal terms', status: 'closed', daysAgo: 20 },
      { kind: 'request', subject: 'Copy of the framework contract', status: 'closed', daysAgo: 41 },
      { kind: 'complaint', subject: 'Delivery arrived two days late', status: 'open', priority: 'normal', daysAgo: 5 },
    ],
  },
  {
    ref: 'CRM-1002',
    name: 'Bäckerei Hoffmann GmbH',
    tier: 'silver',
    segment: 'retail',
    timeZone: 'Europe/Berlin',
    manager: 'staff@trackway.local',
    phones: ['+49 89 21098765'],
    emails: ['einkauf@baeckerei-hoffmann.example'],
    interactions: [
      { kind: 'request', subject: 'Change the weekly delivery day to Thursday', status: 'closed', daysAgo: 9 },
      { kind: 'incident', subject: 'Card terminal offline since this morning', status: 'open', priority: 'urgent', daysAgo: 0 },
    ],
  },
  {
    ref: 'CRM-1003',
    name: 'Lukas Weber',
    tier: 'standard',
    segment: 'private',
    timeZone: 'Europe/Berlin',
    phones: ['+49 40 3289107'],
    emails: ['lukas.weber@example.net'],
    interactions: [{ kind: 'request', subject: 'Reset online account password', status: 'closed', daysAgo: 30 }],
  },
  {
    ref: 'CRM-1004',
    name: 'Nordlicht Logistik AG',
    tier: 'gold',
    segment: 'enterprise',
    timeZone: 'Europe/Berlin',
    manager: 'manager@trackway.local',
    phones: ['+49 40 8765432', '+49 171 2345678'],
    emails: ['service@nordlicht-logistik.example', 'k.brandt@nordlicht-logistik.example'],
    interactions: [
      { kind: 'request', subject: 'Quote for 40 additional scanner licences', status: 'open', priority: 'normal', daysAgo: 3 },
      { kind: 'incident', subject: 'API sync failing for warehouse Bremen', status: 'open', priority: 'high', daysAgo: 1 },
      { kind: 'request', subject: 'Quarterly usage report', status: 'closed', daysAgo: 35 },
    ],
  },
  {
    ref: 'CRM-1005',
    name: 'Eva Gruber',
    tier: 'silver',
    segment: 'private',
    timeZone: 'Europe/Vienna',
    manager: 'staff@trackway.local',
    phones: ['+43 1 5056789'],
    emails: ['eva.gruber@example.at'],
    interactions: [{ kind: 'complaint', subject: 'Charged twice for the March subscription', status: 'closed', daysAgo: 18 }],
  },
  {
    ref: 'CRM-1006',
    name: 'Helvetia Dental Praxis',
    tier: 'silver',
    segment: 'smb',
    timeZone: 'Europe/Zurich',
    manager: 'staff@trackway.local',
    phones: ['+41 44 668 1800'],
    emails: ['praxis@helvetia-dental.example'],
    interactions: [{ kind: 'request', subject: 'Move appointment reminders to SMS', status: 'open', priority: 'low', daysAgo: 6 }],
  },
  {
    ref: 'CRM-1007',
    name: 'Oliver Bennett',
    tier: 'standard',
    segment: 'private',
    timeZone: 'Europe/London',
    phones: ['+44 20 7946 0958'],
    emails: ['oliver.bennett@example.co.uk'],
    interactions: [],
  },
  {
    ref: 'CRM-1008',
    name: 'Thames Facilities Ltd',
    tier: 'gold',
    segment: 'enterprise',
    timeZone: 'Europe/London',
    manager: 'manager@trackway.local',
    phones: ['+44 161 496 0734'],
    emails: ['accounts@thames-facilities.example'],
    interactions: [
      { kind: 'request', subject: 'Extend the service contract to the Leeds site', status: 'closed', daysAgo: 14 },
      { kind: 'request', subject: 'Purchase order number on invoices', status: 'closed', daysAgo: 60 },
    ],
  },
  {
    ref: 'CRM-1009',
    name: 'Camille Laurent',
    tier: 'standard',
    segment: 'private',
    timeZone: 'Europe/Paris',
    phones: ['+33 1 42 68 53 00'],
    emails: ['camille.laurent@example.fr'],
    interactions: [{ kind: 'call', subject: 'Asked for an English-speaking agent', status: 'closed', daysAgo: 4 }],
  },
  {
    ref: 'CRM-1010',
    name: 'Kowalski Transport Sp. z o.o.',
    tier: 'silver',
    segment: 'smb',
    timeZone: 'Europe/Warsaw',
    manager: 'staff@trackway.local',
    phones: ['+48 22 555 1234'],
    emails: ['biuro@kowalski-transport.example'],
    interactions: [
      { kind: 'incident', subject: 'Tracking page shows no position for truck 7', status: 'open', priority: 'high', daysAgo: 1 },
    ],
  },
  {
    ref: 'CRM-1011',
    name: 'Maria Garcia',
    tier: 'standard',
    segment: 'private',
    timeZone: 'America/New_York',
    phones: ['+1 212 555 0143'],
    emails: ['maria.garcia@example.com'],
    interactions: [{ kind: 'request', subject: 'Update billing address', status: 'closed', daysAgo: 22 }],
  },
  {
    ref: 'CRM-1012',
    name: 'Golden Gate Dental Group',
    tier: 'gold',
    segment: 'enterprise',
    timeZone: 'America/Los_Angeles',
    manager: 'manager@trackway.local',
    phones: ['+1 415 555 2671'],
    emails: ['ops@goldengate-dental.example'],
    interactions: [
      { kind: 'request', subject: 'Single sign-on for 12 practices', status: 'open', priority: 'normal', daysAgo: 8 },
      { kind: 'request', subject: 'Data export for the annual audit', status: 'closed', daysAgo: 50 },
    ],
  },
  {
    ref: 'CRM-1013',
    name: 'Sakura Trading K.K.',
    tier: 'silver',
    segment: 'smb',
    timeZone: 'Asia/Tokyo',
    manager: 'staff@trackway.local',
    phones: ['+81 3 5550 1234'],
    emails: ['support@sakura-trading.example'],
    interactions: [{ kind: 'request', subject: 'Invoices in Japanese yen', status: 'closed', daysAgo: 27 }],
  },
  {
    ref: 'CRM-1014',
    name: 'Harbour View Cafe',
    tier: 'standard',
    segment: 'smb',
    timeZone: 'Australia/Sydney',
    phones: ['+61 2 9374 4000'],
    emails: ['hello@harbourviewcafe.example'],
    interactions: [{ kind: 'complaint', subject: 'Receipt printer keeps jamming', status: 'open', priority: 'normal', daysAgo: 2 }],
  },
  {
    ref: 'CRM-1015',
    name: 'Jonas Keller',
    tier: 'standard',
    segment: 'private',
    timeZone: 'Europe/Berlin',
    phones: ['+49 170 9876543'],
    emails: ['jonas.keller@example.de'],
    interactions: [],
  },
];

function normalised(value: string, result: { ok: true; value: string } | { ok: false; reason: string }): string {
  // Seed data is ours: a value that does not normalise is a bug in this file.
  if (!result.ok) throw new Error(`Seed contact ${value}: ${result.reason}`);
  return result.value;
}

/**
 * The demo customer directory: about fifteen customers of tiers gold, silver and standard in
 * several time zones, with contacts, past requests and open problems. Idempotent: customers are
 * keyed by their external reference; existing ones are left as they are.
 */
export async function seedCustomers(db: Db): Promise<{ created: number }> {
  const managers = new Map(
    (
      await db.user.findMany({
        where: { email: { in: ['manager@trackway.local', 'staff@trackway.local'] } },
        select: { id: true, email: true },
      })
    ).map((u) => [u.email, u.id]),
  );
  const now = Date.now();
  let created = 0;
  for (const c of CUSTOMERS) {
    if (await db.customer.findUnique({ where: { externalRef: c.ref }, select: { id: true } })) continue;
    try {
      await db.customer.create({
        data: {
          externalRef: c.ref,
          name: c.name,
          tier: c.tier,
          segment: c.segment,
          timeZone: c.timeZone,
          accountManagerId: (c.manager && managers.get(c.manager)) ?? null,
          contacts: {
            create: [
              ...c.phones.map((p, i) => ({
                kind: 'phone',
                value: normalised(p, normalisePhone(p)),
                label: i === 0 ? 'main' : 'mobile',
                primary: i === 0,
              })),
              ...c.emails.map((e, i) => ({
                kind: 'email',
                value: normalised(e, normaliseEmail(e)),
                label: i === 0 ? 'main' : 'other',
                primary: i === 0,
              })),
            ],
          },
          interactions: {
            create: c.interactions.map((it) => {
              const createdAt = new Date(now - it.daysAgo * 86_400_000 - 3_600_000);
              return {
                kind: it.kind,
                subject: it.subject,
                status: it.status,
                priority: it.priority ?? 'normal',
                createdAt,
                closedAt: it.status === 'closed' ? new Date(createdAt.getTime() + 86_400_000) : null,
              };
            }),
          },
        },
      });
      created++;
    } catch (error) {
      // Another process seeded the same customer a moment ago: what we wanted is there.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return { created };
}
