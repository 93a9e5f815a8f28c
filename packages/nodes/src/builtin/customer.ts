import { parseExpression, templateExpressions, WIDGET_KEY } from '@trackway/schema/runtime';
import { z } from 'zod';
import { defineNode, runSteps, step, templateSites, type NodeResult, type Steps } from '../sdk/define-node.ts';

export const CUSTOMER_LOOKUP_ACTIVITY = 'customer.lookup';

const InteractionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  status: z.string(),
  priority: z.string(),
  /** ISO 8601. */
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});

/** What a lookup gives later steps (`steps.<node>`), whichever source answered. */
export const CustomerProfileSchema = z.object({
  id: z.string().min(1),
  externalRef: z.string().nullable(),
  name: z.string().min(1),
  tier: z.string(),
  segment: z.string(),
  timeZone: z.string(),
  accountManager: z.object({ id: z.string(), email: z.string(), displayName: z.string() }).nullable(),
  contacts: z.array(z.object({ kind: z.string(), value: z.string(), label: z.string(), primary: z.boolean() })),
  /** The last 10 interactions of kind "request", newest first. */
  recentRequests: z.array(InteractionSchema),
  /** Interactions with status "open", newest first. */
  openProblems: z.array(InteractionSchema),
});
export type CustomerProfile = z.infer<typeof CustomerProfileSchema>;
export type CustomerInteractionSummary = z.infer<typeof InteractionSchema>;

export const LOOKUP_KEYS = ['phone', 'email', 'id'] as const;
export type LookupKey = (typeof LOOKUP_KEYS)[number];

const MappingExpression = z
  .string()
  .trim()
  .min(1, 'enter an expression')
  .max(4000)
  .superRefine((source, ctx) => {
    const parsed = parseExpression(source);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.error.message });
  })
  .meta({ [WIDGET_KEY]: 'expression' });

const PLACEHOLDER = /\{\{\s*value\s*\}\}/g;
/** Header names that carry credentials: a flow definition is no place for them (named secrets are for custom action nodes, docs/custom-nodes.md). */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|token|secret|password|api-?key|auth/i;

export const CustomerHttpSourceSchema = z.object({
  /** e.g. `https://crm.example.com/api/customers?phone={{value}}`; the value is URL-encoded. */
  urlTemplate: z
    .string()
    .trim()
    .max(2000)
    .refine((t) => (t.match(PLACEHOLDER) ?? []).length >= 1, 'put {{value}} where the looked-up value goes')
    .refine((t) => !t.replace(PLACEHOLDER, '').includes('{{'), 'only the {{value}} placeholder is allowed')
    .refine((t) => {
      try {
        const url = new URL(t.replace(PLACEHOLDER, 'x'));
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'enter an http(s) URL'),
  headers: z
    .record(
      z.string(),
      z
        .string()
        .max(1000)
        .refine((v) => !/[\r\n]/.test(v), 'no line breaks in header values'),
    )
    // Checked here rather than on the key schema: zod reports a bad record key only as "Invalid key in record".
    .superRefine((headers, ctx) => {
      for (const name of Object.keys(headers)) {
        if (!HEADER_NAME.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'not a valid header name' });
        else if (SECRET_HEADER.test(name)) {
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message:
              'credentials do not belong in a flow definition: store them as a named secret and call the CRM from a custom action node (docs/custom-nodes.md)',
          });
        }
      }
    })
    .default({}),
  /** Profile field -> JSONata expression over the CRM's JSON answer (the body is the expression's root). */
  mapping: z.object({
    id: MappingExpression,
    name: MappingExpression,
    externalRef: MappingExpression.optional(),
    tier: MappingExpression.optional(),
    segment: MappingExpression.optional(),
    timeZone: MappingExpression.optional(),
    accountManager: MappingExpression.optional(),
    contacts: MappingExpression.optional(),
    recentRequests: MappingExpression.optional(),
    openProblems: MappingExpression.optional(),
  }),
});
export type CustomerHttpSource = z.infer<typeof CustomerHttpSourceSchema>;

export interface CustomerLookupActivityInput {
  readonly dedupeKey: string;
  readonly runId: string;
  readonly by: LookupKey;
  readonly value: string;
  readonly source: 'directory' | 'http';
  readonly http?: CustomerHttpSource;
  /** ISO 3166 alpha-2 country for phone numbers written without a country code. */
  readonly defaultCountry?: string;
}

export type CustomerLookupResult =
  | { readonly found: true; readonly profile: CustomerProfile }
  | { readonly found: false; readonly query: { readonly by: LookupKey; readonly value: string }; readonly reason: string };

/** Finds the customer behind a phone number, e-mail address or id in the directory or an external CRM. */
export const customerLookupNode = defineNode({
  type: 'customer-lookup',
  version: 1,
  palette: {
    title: 'Customer lookup',
    category: 'Data',
    icon: 'user-search',
    description: 'Finds the customer by phone, e-mail or id; unknown callers take the "not found" path.',
  },
  config: z
    .object({
      by: z.enum(LOOKUP_KEYS).default('phone'),
      /** A `{{ }}` template, e.g. `{{ input.phone }}`. */
      value: z
        .string()
        .min(1, 'what should be looked up?')
        .max(2000)
        .meta({ [WIDGET_KEY]: 'template' }),
      source: z.enum(['directory', 'http']).default('directory'),
      http: CustomerHttpSourceSchema.optional(),
      defaultCountry: z
        .string()
        .regex(/^[A-Z]{2}$/, 'a two-letter country code such as DE')
        .optional(),
    })
    .refine((c) => c.source !== 'http' || c.http !== undefined, { message: 'configure the CRM request', path: ['http'] }),
  outputs: [
    { name: 'found', label: 'found', required: true },
    { name: 'notFound', label: 'not found', required: true },
  ],
  expressions: (c) => templateSites('value', templateExpressions(c.value)),
  activity: {
    name: CUSTOMER_LOOKUP_ACTIVITY,
    startToCloseTimeoutMs: 30_000,
    retry: {
      maximumAttempts: 5,
      initialIntervalMs: 1_000,
      backoffCoefficient: 2,
      // Asking again gets the same answer: a refused address, a wrong mapping, a CRM that says 401.
      nonRetryableErrorTypes: ['CustomerLookupConfig', 'HttpRefused'],
    },
  },
  execute: (ctx) =>
    runSteps(
      (function* (): Steps<NodeResult> {
        const value = (yield* step(ctx.renderNow(ctx.config.value))).trim();
        const query = { by: ctx.config.by, value };
        if (value === '') return { port: 'notFound', output: { query, reason: `the ${ctx.config.by} to look up is empty` } };
        const result = (yield* step(
          ctx.callActivity({
            by: ctx.config.by,
            value,
            source: ctx.config.source,
            ...(ctx.config.source === 'http' && ctx.config.http ? { http: ctx.config.http } : {}),
            ...(ctx.config.defaultCountry ? { defaultCountry: ctx.config.defaultCountry } : {}),
          }),
        )) as CustomerLookupResult;
        if (result.found) return { port: 'found', output: result.profile };
        return { port: 'notFound', output: { query: result.query, reason: result.reason } };
      })(),
    ),
});
