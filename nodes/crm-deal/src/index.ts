/** Workflow code of the package: definitions only, no I/O (it is bundled into Temporal workflows). */
import { crmDealNode } from './crm-deal.ts';
import { newCustomerDealFlow } from './demo-flow.ts';

export { crmDealNode, CURRENCIES, DealSchema, type Deal } from './crm-deal.ts';

export const nodes = [crmDealNode];

/** Seeded by `npm start` as a published demo flow. */
export const demoFlows = [{ key: 'new-customer-deal', definition: newCustomerDealFlow }];
