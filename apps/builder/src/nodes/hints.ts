/**
 * One line of help under a config field, by `<type>.<path>` (list indexes as `*`). Only what the
 * schema cannot say; behaviour stays in packages/nodes.
 */
const hints: Record<string, string> = {
  'start.businessKey': 'Optional. Makes runs unique per case, e.g. input.invoiceId: a second start for the same case is refused.',
  'end.output': 'Optional. The run’s result, e.g. { "approved": vars.approved }.',
  'condition.expression': 'True takes “yes”, anything else “no”. Example: input.amount > 1000',
  'switch.cases.*.port': 'Name of the output (lower-case letters, digits, “_”).',
  'switch.cases.*.when': 'The first case whose expression is true is taken; otherwise “otherwise”.',
  'set.assignments.*.variable': 'A variable declared under Flow › Variables.',
  'set.assignments.*.value': 'Expression computing the value, e.g. input.amount * 1.2',
  'notify.to': 'Who receives it. Use {{ }} for values, e.g. {{ input.customerEmail }}',
  'notify.subject': 'Text with {{ }} holes, e.g. Invoice {{ input.invoiceId }} is overdue',
  'delay.amount': 'Calendar time; the run waits durably (days or weeks are fine).',
  'parallel.mode': '“All” waits for every branch; “first” continues when one finishes and cancels the others.',
};

export function fieldHint(type: string, path: string): string | undefined {
  return hints[`${type}.${path.replace(/\.\d+\./g, '.*.')}`];
}
