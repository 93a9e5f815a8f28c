import { implementAction } from '@trackway/nodes/activity';
import { crmDealNode, DealSchema } from './crm-deal.ts';

/** The CRM's answer to POST /deals (201 created, 409 a deal for this key exists). */
const CrmDeal = DealSchema.pick({ stage: true }).extend({ id: DealSchema.shape.dealId, url: DealSchema.shape.url });

export const activities = [
  implementAction(crmDealNode, async (input, ctx) => {
    const token = await ctx.secrets.get(input.token);
    const response = await ctx.http.request(`${input.baseUrl.replace(/\/+$/, '')}/deals`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        // The CRM answers a repeated key with the deal it already made: a retry never opens two deals.
        'idempotency-key': ctx.idempotencyKey,
      },
      body: JSON.stringify({
        title: input.title,
        amount: input.value.amount,
        currency: input.value.currency,
        ...(input.contactEmail ? { contactEmail: input.contactEmail } : {}),
      }),
    });
    if (response.status === 401 || response.status === 403)
      return ctx.fail(`the CRM refused the token (HTTP ${response.status})`, { type: 'CrmUnauthorized' });
    if (response.status === 201 || response.status === 409) {
      const parsed = CrmDeal.safeParse(response.json());
      if (!parsed.success) return ctx.fail(`the CRM answered ${response.status} with an unexpected body`, { type: 'CrmAnswerInvalid' });
      const deal = { dealId: parsed.data.id, url: parsed.data.url, stage: parsed.data.stage };
      ctx.log.info('deal ready', { dealId: deal.dealId, created: response.status === 201 });
      return response.status === 201 ? deal : ctx.route('duplicate', deal);
    }
    // Busy or down: thrown errors are retried by the node's policy.
    if (response.status === 429 || response.status >= 500) throw new Error(`the CRM is unavailable (HTTP ${response.status})`);
    return ctx.fail(`the CRM rejected the deal (HTTP ${response.status}): ${response.text().slice(0, 200)}`, { type: 'CrmRejected' });
  }),
];
