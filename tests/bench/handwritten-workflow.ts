// Workflow code (bundled for the sandbox): no Node.js built-ins, nothing non-deterministic.
import { proxyActivities } from '@temporalio/workflow';
// Types only: hand-written code needs none of the interpreter's packages at run time, and the
// sandbox evaluates a workflow's module graph again for every execution.
import type { NotifyActivityInput } from '@trackway/nodes';
import type { createRunActivities } from '../../apps/runtime/src/activities/run-activities.ts';
import type { OrderInput } from './bench-flow.ts';
import { NOTIFY_ACTIVITY_NAME, notifyOptions } from './handwritten-options.ts';

type RunActivities = ReturnType<typeof createRunActivities>;

const notifier = proxyActivities<RunActivities>(notifyOptions);

// Same options as the interpreter's own proxy for recordRunEnd.
const recorder = proxyActivities<RunActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 10, initialInterval: '1 second', backoffCoefficient: 2 },
});

export interface HandwrittenArgs {
  readonly runId: string;
  readonly input: OrderInput;
}

export interface OrderSummary {
  readonly orderId: string;
  readonly total: number;
  readonly priority: string | null;
  readonly notified: number | null;
  readonly summary: string | null;
}

type Message = Omit<NotifyActivityInput, 'dedupeKey' | 'runId'>;

/** The bench flow (tests/bench/bench-flow.ts) written by hand: same activities, inputs and result. */
export async function handwrittenWorkflow(args: HandwrittenArgs): Promise<{ status: 'completed'; output: OrderSummary }> {
  const output = await orderSteps(args);
  await recorder.recordRunEnd({ runId: args.runId, status: 'completed', output });
  return { status: 'completed', output };
}

async function orderSteps({ runId, input }: HandwrittenArgs): Promise<OrderSummary> {
  // Node ids and visit 1 in the keys, exactly as the interpreter builds them, so the outbox rows match.
  const send = (nodeId: string, message: Message) =>
    notifier[NOTIFY_ACTIVITY_NAME]({ ...message, dedupeKey: `${runId}/${nodeId}/1`, runId });

  const total = input.amount * input.quantity;
  if (!(total >= 1000)) return { orderId: input.orderId, total, priority: null, notified: null, summary: null };

  await send('notifyOwner', {
    channel: 'in_app',
    recipient: input.owner,
    subject: `Order ${input.orderId} needs approval`,
    body: `Total ${total}`,
  });
  const priority = total >= 5000 ? 'urgent' : 'high';
  let notified = 1;
  await send('notifyManager', {
    channel: 'in_app',
    recipient: 'manager@example.test',
    subject: `${priority}: order ${input.orderId}`,
    body: `Owner ${input.owner} was notified`,
  });
  notified += 1;
  await send('notifyAudit', {
    channel: 'email',
    recipient: 'audit@example.test',
    subject: `Audit ${input.orderId}`,
    body: `${notified} notifications, total ${total}`,
  });
  const summary = `${input.orderId}/${priority}`;
  return { orderId: input.orderId, total, priority, notified, summary };
}
