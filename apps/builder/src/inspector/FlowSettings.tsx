import { ValueTypeSchema, type InputField, type Variable } from '@trackway/schema';
import type { Diagnostic } from '@trackway/schema';
import { useDesigner, useDesignerStore } from '../store/context.tsx';

const TYPES = ValueTypeSchema.options;

/** Diagnostics that point into the flow's declarations (variables.2.name, input.fields.0.type). */
function messagesAt(diagnostics: readonly Diagnostic[], prefix: readonly (string | number)[]): string[] {
  return diagnostics.filter((d) => d.path && prefix.every((p, i) => d.path?.[i] === p) && !d.nodeId && !d.edgeId).map((d) => d.message);
}

/** The flow as a whole: name, description, declared variables and the run's input fields. */
export function FlowSettings({ readOnly }: { readOnly: boolean }) {
  const store = useDesignerStore();
  const metadata = useDesigner((s) => s.definition.metadata);
  const variables = useDesigner((s) => s.definition.variables);
  const fields = useDesigner((s) => s.definition.input.fields);
  const diagnostics = useDesigner((s) => s.diagnostics);
  const apply = store.getState().apply;

  const setVariables = (next: Variable[], key: string) => apply({ kind: 'setVariables', variables: next }, { coalesceKey: `vars:${key}` });
  const setFields = (next: InputField[], key: string) => apply({ kind: 'setInputFields', fields: next }, { coalesceKey: `input:${key}` });
  const freeName = (base: string, taken: readonly { name: string }[]) => {
    for (let i = 1; ; i += 1) if (!taken.some((t) => t.name === `${base}${i}`)) return `${base}${i}`;
  };

  return (
    <div className="inspector-body">
      <div className="field">
        <label className="field-label" htmlFor="flow-name">
          Name
        </label>
        <input
          id="flow-name"
          className="input"
          value={metadata.name}
          maxLength={200}
          readOnly={readOnly}
          onChange={(e) => apply({ kind: 'setMetadata', name: e.target.value }, { coalesceKey: 'meta:name' })}
        />
        <FieldErrors messages={messagesAt(diagnostics, ['metadata', 'name'])} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor="flow-description">
          Description
        </label>
        <textarea
          id="flow-description"
          className="input"
          rows={3}
          value={metadata.description}
          readOnly={readOnly}
          onChange={(e) => apply({ kind: 'setMetadata', description: e.target.value }, { coalesceKey: 'meta:description' })}
        />
      </div>

      <fieldset className="field-group">
        <legend>Input fields</legend>
        <p className="muted small">
          What a run starts with; expressions read them as <code>input.&lt;name&gt;</code>.
        </p>
        {fields.map((field, i) => (
          <div className="decl-row" key={i} role="group" aria-label={`Input field ${i + 1}`}>
            <input
              className="input mono"
              aria-label={`Input field ${i + 1} name`}
              value={field.name}
              readOnly={readOnly}
              onChange={(e) =>
                setFields(
                  fields.map((f, j) => (j === i ? { ...f, name: e.target.value } : f)),
                  `${i}.name`,
                )
              }
            />
            <select
              className="input"
              aria-label={`Input field ${i + 1} type`}
              value={field.type}
              disabled={readOnly}
              onChange={(e) =>
                setFields(
                  fields.map((f, j) => (j === i ? { ...f, type: e.target.value as InputField['type'] } : f)),
                  `${i}.type`,
                )
              }
            >
              {TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <label className="check small">
              <input
                type="checkbox"
                checked={field.required}
                disabled={readOnly}
                onChange={(e) =>
                  setFields(
                    fields.map((f, j) => (j === i ? { ...f, required: e.target.checked } : f)),
                    `${i}.required`,
                  )
                }
              />
              required
            </label>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Remove input field ${field.name || i + 1}`}
              disabled={readOnly}
              onClick={() =>
                setFields(
                  fields.filter((_, j) => j !== i),
                  'remove',
                )
              }
            >
              ×
            </button>
            <FieldErrors messages={messagesAt(diagnostics, ['input', 'fields', i])} />
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          disabled={readOnly}
          onClick={() => setFields([...fields, { name: freeName('field', fields), type: 'string', required: false }], 'add')}
        >
          Add input field
        </button>
      </fieldset>

      <fieldset className="field-group">
        <legend>Variables</legend>
        <p className="muted small">
          Values the flow computes and keeps; “Set variables” nodes write them, expressions read <code>vars.&lt;name&gt;</code>.
        </p>
        {variables.map((variable, i) => (
          <div className="decl-row" key={i} role="group" aria-label={`Variable ${i + 1}`}>
            <input
              className="input mono"
              aria-label={`Variable ${i + 1} name`}
              value={variable.name}
              readOnly={readOnly}
              onChange={(e) =>
                setVariables(
                  variables.map((v, j) => (j === i ? { ...v, name: e.target.value } : v)),
                  `${i}.name`,
                )
              }
            />
            <select
              className="input"
              aria-label={`Variable ${i + 1} type`}
              value={variable.type}
              disabled={readOnly}
              onChange={(e) =>
                setVariables(
                  variables.map((v, j) => (j === i ? { ...v, type: e.target.value as Variable['type'] } : v)),
                  `${i}.type`,
                )
              }
            >
              {TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={`Remove variable ${variable.name || i + 1}`}
              disabled={readOnly}
              onClick={() =>
                setVariables(
                  variables.filter((_, j) => j !== i),
                  'remove',
                )
              }
            >
              ×
            </button>
            <FieldErrors messages={messagesAt(diagnostics, ['variables', i])} />
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          disabled={readOnly}
          onClick={() => setVariables([...variables, { name: freeName('var', variables), type: 'string' }], 'add')}
        >
          Add variable
        </button>
      </fieldset>
    </div>
  );
}

function FieldErrors({ messages }: { messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul className="field-errors decl-errors">
      {[...new Set(messages)].map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
