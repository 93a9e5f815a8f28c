import type { ConfigWidget } from '@trackway/schema';
import type { ReactNode } from 'react';
import type { JsonSchema } from '../../lib/json-schema.ts';
import { Errors } from '../FieldErrors.tsx';
import type { CodeFieldRenderProps } from '../SchemaForm.tsx';
import { AssigneeWidget } from './AssigneeWidget.tsx';
import { CalendarWidget } from './CalendarWidget.tsx';
import { DuePreview } from './due-preview.tsx';
import { DurationWidget } from './DurationWidget.tsx';
import type { WidgetProps } from './types.ts';
import './widgets.css';

/**
 * Widgets drawn here; expression and template fields are the code editor's (see field-kinds.ts),
 * and a secret reference (`{ secret: "<name>" }`) is the plain form's object with its name field.
 */
export type FieldWidget = Exclude<ConfigWidget, 'expression' | 'template' | 'secret'>;
const DRAWN: ReadonlySet<string> = new Set<FieldWidget>(['duration', 'date-offset', 'assignee', 'calendar']);

export function isFieldWidget(widget: ConfigWidget | undefined): widget is FieldWidget {
  return widget !== undefined && DRAWN.has(widget);
}

export interface WidgetFieldProps {
  readonly widget: FieldWidget;
  readonly id: string;
  readonly path: string;
  /** Shown above the widget ("Due", "Remind (optional)"). */
  readonly title: string;
  /** Accessible name, including the list row ("Reminder 1 due"). */
  readonly fullLabel: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly value: unknown;
  readonly onChange: (value: unknown, path: string) => void;
  /** The form's messages by path; the widget shows its own and its parts' (`due.amount`). */
  readonly errors: ReadonlyMap<string, readonly string[]>;
  readonly hint: string | undefined;
  readonly readOnly: boolean;
  readonly renderCode: (props: CodeFieldRenderProps) => ReactNode;
}

/** A config field with a shared shape, drawn by its widget with the validator's messages under it. */
export function WidgetField(props: WidgetFieldProps) {
  const { widget, id, path, errors } = props;
  const own = (key: string) => errors.get(key)?.length ?? 0;
  const messages = [...errors].filter(([key]) => key === path || key.startsWith(`${path}.`)).flatMap(([, m]) => m);
  const errorId = `${id}-errors`;
  const hintId = `${id}-hint`;
  const describedBy = [messages.length ? errorId : '', props.hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const widgetProps: WidgetProps = {
    id,
    path,
    label: props.fullLabel,
    schema: props.schema,
    required: props.required,
    value: props.value,
    onChange: props.onChange,
    invalid: (part) => own(path) > 0 || (part !== undefined && own(`${path}.${part}`) > 0),
    describedBy,
    readOnly: props.readOnly,
    renderCode: props.renderCode,
  };
  const single = widget === 'calendar';
  let control: ReactNode;
  switch (widget) {
    case 'duration':
    case 'date-offset':
      control = <DurationWidget {...widgetProps} />;
      break;
    case 'assignee':
      control = <AssigneeWidget {...widgetProps} />;
      break;
    case 'calendar':
      control = <CalendarWidget {...widgetProps} />;
      break;
    default: {
      const never: never = widget;
      return never;
    }
  }
  return (
    <div className="field widget-field" data-widget={widget}>
      {single ? (
        <label className="field-label" htmlFor={id}>
          {props.title}
        </label>
      ) : (
        <span className="field-label" aria-hidden="true">
          {props.title}
        </span>
      )}
      {single ? (
        control
      ) : (
        <div role="group" aria-label={props.fullLabel} aria-describedby={describedBy}>
          {control}
        </div>
      )}
      {widget === 'duration' || widget === 'date-offset' ? <DuePreview value={props.value} offset={widget === 'date-offset'} /> : null}
      {props.hint ? (
        <small id={hintId} className="muted field-hint">
          {props.hint}
        </small>
      ) : null}
      <Errors id={errorId} messages={messages} />
    </div>
  );
}
