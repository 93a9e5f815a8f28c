import type { CustomerHttpSource, CustomerLookupResult, CustomerProfile, LookupKey } from '@trackway/nodes';
import { CustomerProfileSchema } from '@trackway/nodes';
import type { HttpClient } from '@trackway/nodes/http';
import { evaluateExpression, type ExpressionScope } from '@trackway/schema';

/**
 * Customer lookup through an external CRM's JSON API. The request goes through the SSRF-guarded
 * client; the answer is turned into a profile by the flow's JSONata mapping.
 */
export class CrmLookupError extends Error {
  constructor(
    message: string,
    /** Whether asking again may help (CRM down, rate limited) or not (wrong URL, mapping, credentials). */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'CrmLookupError';
  }
}

const PLACEHOLDER = /\{\{\s*value\s*\}\}/g;

export function crmUrl(source: CustomerHttpSource, value: string): string {
  return source.urlTemplate.replace(PLACEHOLDER, encodeURIComponent(value));
}

function isEmpty(body: unknown): boolean {
  if (body === null || body === undefined) return true;
  if (Array.isArray(body)) return body.length === 0;
  return typeof body === 'object' && Object.keys(body).length === 0;
}

const text = (v: unknown, fallback: string): string => (v === undefined || v === null ? fallback : typeof v === 'string' ? v : String(v));
const list = (v: unknown): unknown => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

async function mapped(source: CustomerHttpSource, body: unknown): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [field, expression] of Object.entries(source.mapping)) {
    if (expression === undefined) continue;
    try {
      // The CRM's answer is the expression's root: `data.fullName`, `$.customer.tier`.
      out[field] = await evaluateExpression(expression, body as ExpressionScope);
    } catch (error) {
      throw new CrmLookupError(
        `mapping "${field}" (${expression}) failed: ${error instanceof Error ? error.message : String(error)}`,
        false,
      );
    }
  }
  return out;
}

function toProfile(fields: Record<string, unknown>): CustomerProfile {
  if (fields.name === undefined || fields.name === null || fields.name === '') {
    throw new CrmLookupError(`the CRM's answer has no customer name: mapping "name" selected nothing`, false);
  }
  const candidate = {
    id: text(fields.id, ''),
    externalRef: fields.externalRef === undefined ? text(fields.id, '') : fields.externalRef === null ? null : text(fields.externalRef, ''),
    name: text(fields.name, ''),
    tier: text(fields.tier, 'standard'),
    segment: text(fields.segment, ''),
    timeZone: text(fields.timeZone, 'UTC'),
    accountManager: fields.accountManager ?? null,
    contacts: list(fields.contacts),
    recentRequests: list(fields.recentRequests),
    openProblems: list(fields.openProblems),
  };
  const parsed = CustomerProfileSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CrmLookupError(
      `the mapped profile does not fit at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      false,
    );
  }
  return parsed.data;
}

export async function lookupViaHttp(
  http: HttpClient,
  source: CustomerHttpSource,
  by: LookupKey,
  value: string,
): Promise<CustomerLookupResult> {
  const query = { by, value };
  const url = crmUrl(source, value.trim());
  const res = await http.request(url, { headers: { accept: 'application/json', ...source.headers } });
  if (res.status === 404 || res.status === 204)
    return { found: false, query, reason: `the CRM has no customer with ${by} ${value.trim()}` };
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    throw new CrmLookupError(`the CRM is unavailable: HTTP ${res.status} from ${new URL(res.url).origin}`, true);
  }
  if (res.status < 200 || res.status >= 300) {
    throw new CrmLookupError(`the CRM refused the lookup: HTTP ${res.status} from ${new URL(res.url).origin}`, false);
  }
  if (res.text().trim() === '') return { found: false, query, reason: `the CRM has no customer with ${by} ${value.trim()}` };
  let body: unknown;
  try {
    body = res.json();
  } catch (error) {
    throw new CrmLookupError(error instanceof Error ? error.message : String(error), false);
  }
  if (isEmpty(body)) return { found: false, query, reason: `the CRM has no customer with ${by} ${value.trim()}` };
  const fields = await mapped(source, body);
  // A search endpoint answers "nothing" with an empty list inside an envelope: no id, no customer.
  if (fields.id === undefined || fields.id === null || fields.id === '') {
    return { found: false, query, reason: `the CRM's answer names no customer (mapping "id" selected nothing)` };
  }
  return { found: true, profile: toProfile(fields) };
}
