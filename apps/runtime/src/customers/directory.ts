import type { CustomerLookupResult, LookupKey } from '@trackway/nodes';
import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { normaliseEmail, normalisePhone } from './normalize.ts';
import { likeLiteral } from '../db/like.ts';
import { loadProfile } from './profile.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const summarySelect = {
  id: true,
  externalRef: true,
  name: true,
  tier: true,
  segment: true,
  timeZone: true,
  contacts: { select: { kind: true, value: true, primary: true }, orderBy: [{ primary: 'desc' }, { kind: 'asc' }, { value: 'asc' }] },
} satisfies Prisma.CustomerSelect;

export type CustomerSummary = Prisma.CustomerGetPayload<{ select: typeof summarySelect }>;

export interface LookupOptions {
  /** For phone numbers written without a country code. */
  readonly defaultCountry?: string;
}

/** The built-in customer directory (tables customers, customer_contacts, customer_interactions). */
export function createCustomerDirectory(db: Db) {
  async function customerIdFor(by: LookupKey, value: string, options: LookupOptions): Promise<{ id: string | null } | { reason: string }> {
    if (by === 'id') {
      const text = value.trim();
      // An id is ours (a UUID) or the business's own reference (CRM id, account number).
      const row = await db.customer.findFirst({
        where: UUID.test(text) ? { OR: [{ id: text.toLowerCase() }, { externalRef: text }] } : { externalRef: text },
        select: { id: true },
      });
      return { id: row?.id ?? null };
    }
    const normalised = by === 'phone' ? normalisePhone(value, options.defaultCountry) : normaliseEmail(value);
    if (!normalised.ok) return { reason: normalised.reason };
    const contact = await db.customerContact.findUnique({
      where: { kind_value: { kind: by, value: normalised.value } },
      select: { customerId: true },
    });
    return { id: contact?.customerId ?? null };
  }

  return {
    /** Finds a customer; unparseable input is "not found" with the reason, never an error. */
    async lookup(by: LookupKey, value: string, options: LookupOptions = {}): Promise<CustomerLookupResult> {
      const query = { by, value };
      const match = await customerIdFor(by, value, options);
      if ('reason' in match) return { found: false, query, reason: match.reason };
      const profile = match.id ? await loadProfile(db, match.id) : null;
      if (!profile) return { found: false, query, reason: `no customer with ${by} ${value.trim()}` };
      return { found: true, profile };
    },

    profile: (id: string) => loadProfile(db, id),

    /** Customers whose name, reference, e-mail address or phone number contains `text`. */
    async search(text: string, limit: number): Promise<CustomerSummary[]> {
      const query = text.trim();
      // "030 123..." should find "+4930123...": compare digits without the trunk prefix.
      const digits = query.replace(/\D/g, '').replace(/^0+/, '');
      const literal = likeLiteral(query);
      const or: Prisma.CustomerWhereInput[] = [
        { name: { contains: literal, mode: 'insensitive' } },
        { externalRef: { contains: literal, mode: 'insensitive' } },
        { contacts: { some: { kind: 'email', value: { contains: literal.toLowerCase() } } } },
      ];
      if (digits.length >= 3) or.push({ contacts: { some: { kind: 'phone', value: { contains: digits } } } });
      if (UUID.test(query)) or.push({ id: query.toLowerCase() });
      return db.customer.findMany({ where: { OR: or }, select: summarySelect, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: limit });
    },
  };
}

export type CustomerDirectory = ReturnType<typeof createCustomerDirectory>;
