import type { InputField, ValueType } from './definition.ts';

export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function typeProblem(type: ValueType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && !Number.isNaN(Date.parse(value))
        ? undefined
        : 'must be an ISO date such as 2026-11-23 or 2026-11-23T09:00:00Z';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : 'must be an object';
    case 'array':
      return Array.isArray(value) ? undefined : 'must be a list';
    default: {
      const never: never = type;
      return `unknown type ${String(never)}`;
    }
  }
}

/** Checks a run's input against the flow's declared input fields; the API and the start form share it. */
export function validateRunInput(fields: readonly InputField[], input: Record<string, unknown>): InputIssue[] {
  const issues: InputIssue[] = [];
  const known = new Set(fields.map((f) => f.name));
  for (const field of fields) {
    const value = input[field.name];
    if (value === undefined || value === null) {
      if (field.required) issues.push({ field: field.name, message: 'is required' });
      continue;
    }
    const problem = typeProblem(field.type, value);
    if (problem) issues.push({ field: field.name, message: problem });
  }
  for (const name of Object.keys(input)) {
    if (!known.has(name)) issues.push({ field: name, message: 'is not an input of this flow' });
  }
  return issues;
}
