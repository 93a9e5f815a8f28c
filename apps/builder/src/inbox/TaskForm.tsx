import { validateRunInput, type InputField } from '@trackway/schema';
import { useId, useState, type FormEvent } from 'react';

type Raw = Record<string, string | boolean>;

export const humanizeName = (name: string) =>
  name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, (_m, a: string, b: string) => `${a} ${b.toLowerCase()}`)
    .replace(/^./, (c) => c.toUpperCase());

/**
 * Turns what was typed into the values the task's form expects and checks them with the rule the
 * workflow's validator uses (validateRunInput): required fields, types, no unknown fields.
 */
export function parseTaskForm(fields: readonly InputField[], raw: Raw): { data: Record<string, unknown>; problems: Map<string, string> } {
  const data: Record<string, unknown> = {};
  const problems = new Map<string, string>();
  for (const field of fields) {
    const value = raw[field.name];
    if (field.type === 'boolean') {
      if (value !== undefined || field.required) data[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    switch (field.type) {
      case 'number': {
        const n = Number(text.replace(',', '.'));
        if (Number.isFinite(n)) data[field.name] = n;
        else problems.set(field.name, 'must be a number');
        break;
      }
      case 'object':
      case 'array':
        try {
          data[field.name] = JSON.parse(text);
        } catch {
          problems.set(field.name, `must be JSON (${field.type === 'array' ? '[ … ]' : '{ … }'})`);
        }
        break;
      default:
        data[field.name] = text;
    }
  }
  for (const issue of validateRunInput(fields, data)) if (!problems.has(issue.field)) problems.set(issue.field, issue.message);
  return { data, problems };
}

export interface TaskFormProps {
  readonly fields: readonly InputField[];
  readonly outcomes: readonly string[];
  /** False when the caller may not complete the task (not theirs, or closed): the form is read-only. */
  readonly enabled: boolean;
  readonly busy: boolean;
  /** What the server said when it refused the completion. */
  readonly error: string | null;
  onComplete(outcome: string, data: Record<string, unknown>): void;
}

/** The task's form, generated from its fields, with one button per outcome. */
export function TaskForm({ fields, outcomes, enabled, busy, error, onComplete }: TaskFormProps) {
  const formId = useId();
  const [raw, setRaw] = useState<Raw>({});
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [pending, setPending] = useState<string | null>(null);

  /** A field's message goes once it is edited; the rest stay until the next try. */
  const change = (name: string, value: string | boolean) => {
    setRaw({ ...raw, [name]: value });
    if (problems.has(name)) {
      const next = new Map(problems);
      next.delete(name);
      setProblems(next);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const outcome = submitter?.value ?? pending ?? outcomes[0];
    if (!outcome) return;
    const parsed = parseTaskForm(fields, raw);
    setProblems(parsed.problems);
    if (parsed.problems.size > 0) {
      const first = fields.find((f) => parsed.problems.has(f.name));
      if (first) document.getElementById(`${formId}-${first.name}`)?.focus();
      return;
    }
    onComplete(outcome, parsed.data);
  };

  return (
    <form className="task-form stack" onSubmit={submit} noValidate aria-label="Task form">
      {fields.length === 0 ? <p className="muted small">This task has no form: choose an outcome.</p> : null}
      {fields.map((field) => {
        const id = `${formId}-${field.name}`;
        const problem = problems.get(field.name);
        const label = `${field.label || humanizeName(field.name)}${field.required ? '' : ' (optional)'}`;
        const common = {
          id,
          disabled: !enabled || busy,
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': problem ? `${id}-error` : field.description ? `${id}-hint` : undefined,
        };
        const value = raw[field.name];
        return (
          <div className="field" key={field.name}>
            {field.type === 'boolean' ? (
              <label className="check">
                <input type="checkbox" {...common} checked={value === true} onChange={(e) => change(field.name, e.target.checked)} />
                {label}
              </label>
            ) : (
              <>
                <label className="field-label" htmlFor={id}>
                  {label}
                </label>
                {field.type === 'object' || field.type === 'array' ? (
                  <textarea
                    className="input mono"
                    rows={4}
                    {...common}
                    value={typeof value === 'string' ? value : ''}
                    onChange={(e) => change(field.name, e.target.value)}
                  />
                ) : (
                  <input
                    className="input"
                    type={field.type === 'date' ? 'date' : 'text'}
                    inputMode={field.type === 'number' ? 'decimal' : undefined}
                    {...common}
                    value={typeof value === 'string' ? value : ''}
                    onChange={(e) => change(field.name, e.target.value)}
                  />
                )}
              </>
            )}
            {field.description ? (
              <span className="field-hint muted small" id={`${id}-hint`}>
                {field.description}
              </span>
            ) : null}
            {problem ? (
              <span className="field-error" id={`${id}-error`}>
                {field.label || humanizeName(field.name)} {problem}
              </span>
            ) : null}
          </div>
        );
      })}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="row task-outcomes" role="group" aria-label="Outcomes">
        {outcomes.map((outcome, i) => (
          <button
            key={outcome}
            type="submit"
            name="outcome"
            value={outcome}
            className={`btn ${i === 0 ? 'btn-primary' : ''}`}
            disabled={!enabled || busy}
            onClick={() => setPending(outcome)}
          >
            {busy && pending === outcome ? 'Completing…' : humanizeName(outcome)}
          </button>
        ))}
      </div>
    </form>
  );
}
