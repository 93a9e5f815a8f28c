import type { ReactNode } from 'react';
import type { JsonSchema } from '../../lib/json-schema.ts';
import type { CodeFieldRenderProps } from '../SchemaForm.tsx';

/** What every widget for a shared field shape gets from the generated form. */
export interface WidgetProps {
  /** Id of the widget's first control; others append a suffix. */
  readonly id: string;
  /** Config path of the field (`due`, `steps.0.assignee`). */
  readonly path: string;
  /** Accessible name of the field, including its row in a list ("Reminder 1 due"). */
  readonly label: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly value: unknown;
  /** The whole new value of the field, and the path of the part that changed. */
  readonly onChange: (value: unknown, path: string) => void;
  /** True when the validator has a message for the field or for `<path>.<part>`. */
  readonly invalid: (part?: string) => boolean;
  readonly describedBy: string | undefined;
  readonly readOnly: boolean;
  readonly renderCode: (props: CodeFieldRenderProps) => ReactNode;
}

export const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
