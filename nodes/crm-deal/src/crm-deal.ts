import { defineActionNode, fields, z } from '@trackway/nodes';

export const CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF'] as const;

/** What a created (or already existing) deal gives later steps as `steps.<id>`. */
export const DealSchema = z.object({
  dealId: z.string().min(1),
  url: z.string(),
  stage: z.string(),
});
export type Deal = z.infer<typeof DealSchema>;

/**
 * Creates a deal in the CRM. Version 2 made the amount a value with a currency; flows saved with
 * version 1 (amount only, always euros) are upgraded by the migration below.
 */
export const crmDealNode = defineActionNode({
  type: 'crm-deal',
  version: 2,
  palette: {
    title: 'Create CRM deal',
    icon: 'user-check',
    description: 'Opens a deal in the CRM for the customer; an existing deal takes the "already exists" path.',
    help: 'POSTs to <baseUrl>/deals with the token stored as a secret. Retries when the CRM is down; a refused token fails at once.',
  },
  config: z.object({
    /** e.g. https://crm.example.com/api */
    baseUrl: z.url({ protocol: /^https?$/, error: 'enter the CRM API address (http or https)' }),
    /** The API token, stored with the secrets API (never in the flow). */
    token: fields.secret(),
    title: fields.template({ min: 1, max: 200, message: 'name the deal' }),
    value: z.object({
      amount: fields.expression(z.number({ error: 'the amount must be a number' }).nonnegative('the amount cannot be negative')),
      currency: z.enum(CURRENCIES).default('EUR'),
    }),
    /** Contact person's e-mail, e.g. `{{ input.email }}`. */
    contactEmail: fields.template({ max: 320 }).optional(),
  }),
  output: DealSchema,
  ports: [
    { name: 'created', label: 'created', required: true },
    { name: 'duplicate', label: 'already exists' },
  ],
  activity: { timeoutMs: 15_000, retry: { maximumAttempts: 4, initialIntervalMs: 1_000, backoffCoefficient: 2 } },
  migrations: [
    {
      fromVersion: 1,
      // Version 1 had `amount` (an expression, in euros) where version 2 has `value`.
      migrate: ({ amount, ...rest }) => ({ ...rest, value: { amount, currency: 'EUR' } }),
    },
  ],
});
