import { useMutation, useQueryClient } from '@tanstack/react-query';
import { validateRunInput, type InputField } from '@trackway/schema';
import { useState, type FormEvent } from 'react';
import { Dialog, FormActions } from '../app/Dialog.tsx';
import { navigate } from '../lib/router.tsx';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import { humanize } from '../inspector/SchemaForm.tsx';
import { useDesigner } from '../store/context.tsx';

type Raw = Record<string, string | boolean>;

/** Turns what was typed into typed input; returns per-field problems for text that is not a value of the field's type. */
export function parseRunInput(fields: readonly InputField[], raw: Raw): { input: Record<string, unknown>; problems: Map<string, string> } {
  const input: Record<string, unknown> = {};
  const problems = new Map<string, string>();
  for (const field of fields) {
    const value = raw[field.name];
    if (field.type === 'boolean') {
      if (value !== undefined || field.required) input[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    switch (field.type) {
      case 'number': {
        const n = Number(text);
        if (Number.isFinite(n)) input[field.name] = n;
        else problems.set(field.name, 'must be a number');
        break;
      }
      case 'object':
      case 'array':
        try {
          input[field.name] = JSON.parse(text);
        } catch {
          problems.set(field.name, `must be JSON (${field.type === 'array' ? '[ … ]' : '{ … }'})`);
        }
        break;
      default:
        input[field.name] = text;
    }
  }
  // The shared check (the API runs the same one): required fields, types, unknown fields.
  for (const issue of validateRunInput(fields, input)) if (!problems.has(issue.field)) problems.set(issue.field, issue.message);
  return { input, problems };
}

/** Starts a run of the latest published version with input from a form generated from the flow's input fields. */
export function TestRunDialog({ flowId, latest, onClose }: { flowId: string; latest: { version: number } | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fields = useDesigner((s) => s.definition.input.fields);
  const [raw, setRaw] = useState<Raw>({});
  const [problems, setProblems] = useState<Map<string, string>>(new Map());
  const [asJson, setAsJson] = useState(false);
  const [json, setJson] = useState('{}');
  const start = useMutation(
    trpc.runs.start.mutationOptions({
      onSuccess: (run) => {
        void queryClient.invalidateQueries({ queryKey: trpc.runs.list.pathKey() });
        onClose();
        navigate(`/flows/${flowId}?run=${run.id}`, { replace: true });
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (asJson) {
      let input: unknown;
      try {
        input = JSON.parse(json);
      } catch {
        setProblems(new Map([['', 'The input is not valid JSON.']]));
        return;
      }
      if (typeof input !== 'object' || input === null || Array.isArray(input)) {
        setProblems(new Map([['', 'The input must be a JSON object, e.g. { "amount": 250 }.']]));
        return;
      }
      const issues = validateRunInput(fields, input as Record<string, unknown>);
      setProblems(new Map(issues.map((i) => [i.field, i.message])));
      if (issues.length === 0) start.mutate({ flowId, input: input as Record<string, unknown> });
      return;
    }
    const parsed = parseRunInput(fields, raw);
    setProblems(parsed.problems);
    if (parsed.problems.size > 0) return;
    start.mutate({ flowId, input: parsed.input });
  };

  if (!latest) {
    return (
      <Dialog title="Test run" onClose={onClose}>
        <p>Runs use a published version, and this flow has none yet. Publish it first.</p>
        <div className="row row-end">
          <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
            OK
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title="Test run" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <p className="muted small">
          Runs version {latest.version} (the latest published). Unpublished changes on the canvas are not part of it.
        </p>
        <label className="check small">
          <input
            type="checkbox"
            checked={asJson}
            onChange={(e) => {
              if (e.target.checked) setJson(JSON.stringify(parseRunInput(fields, raw).input, null, 2));
              setProblems(new Map());
              setAsJson(e.target.checked);
            }}
          />
          Enter the input as JSON
        </label>
        {asJson ? (
          <div className="field">
            <label className="field-label" htmlFor="run-input-json">
              Input (JSON)
            </label>
            <textarea
              id="run-input-json"
              className="input mono"
              rows={8}
              value={json}
              onChange={(e) => setJson(e.target.value)}
              spellCheck={false}
            />
            {problems.size > 0 ? (
              <ul className="field-errors">
                {[...problems].map(([field, message]) => (
                  <li key={field}>{field ? `${field} ${message}` : message}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {!asJson && fields.length === 0 ? <p>This flow declares no input fields.</p> : null}
        {(asJson ? [] : fields).map((field) => {
          const id = `run-input-${field.name}`;
          const problem = problems.get(field.name);
          const label = `${field.label || humanize(field.name)}${field.required ? '' : ' (optional)'}`;
          const common = {
            id,
            'aria-invalid': problem ? true : undefined,
            'aria-describedby': problem ? `${id}-error` : undefined,
          };
          return (
            <div className="field" key={field.name}>
              {field.type === 'boolean' ? (
                <label className="check">
                  <input
                    {...common}
                    type="checkbox"
                    checked={raw[field.name] === true}
                    onChange={(e) => setRaw({ ...raw, [field.name]: e.target.checked })}
                  />
                  {label}
                </label>
              ) : (
                <>
                  <label className="field-label" htmlFor={id}>
                    {label} <span className="muted small">{field.type}</span>
                  </label>
                  {field.type === 'object' || field.type === 'array' ? (
                    <textarea
                      {...common}
                      className="input mono"
                      rows={3}
                      value={String(raw[field.name] ?? '')}
                      onChange={(e) => setRaw({ ...raw, [field.name]: e.target.value })}
                    />
                  ) : (
                    <input
                      {...common}
                      className="input"
                      type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
                      step={field.type === 'number' ? 'any' : undefined}
                      value={String(raw[field.name] ?? '')}
                      onChange={(e) => setRaw({ ...raw, [field.name]: e.target.value })}
                    />
                  )}
                </>
              )}
              {field.description ? <small className="muted">{field.description}</small> : null}
              {problem ? (
                <p className="field-errors" id={`${id}-error`}>
                  {humanize(field.name)} {problem}
                </p>
              ) : null}
            </div>
          );
        })}
        <FormActions
          error={start.isError ? errorMessage(start.error) : null}
          onCancel={onClose}
          busy={start.isPending}
          label="Start run"
          busyLabel="Starting…"
        />
      </form>
    </Dialog>
  );
}
