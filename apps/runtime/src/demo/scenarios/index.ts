import type { FlowDefinitionInput } from '@trackway/schema';
import { documentReviewFlow } from './document-review.ts';
import { incomingRequestFlow } from './incoming-request.ts';
import { overdueReceivablesFlow } from './overdue-receivables.ts';

/** The scenario flows of shared/SCENARIOS.md, seeded (published) by the start command. */
export const SCENARIO_FLOWS: ReadonlyArray<{ readonly key: string; readonly definition: FlowDefinitionInput }> = [
  { key: 'overdue-receivables', definition: overdueReceivablesFlow },
  { key: 'incoming-request', definition: incomingRequestFlow },
  { key: 'invoice-document-review', definition: documentReviewFlow },
];
