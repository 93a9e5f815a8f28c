import { useMemo } from 'react';
import type { FlowNode } from '@trackway/schema';
import { configJsonSchema } from '../lib/json-schema.ts';
import { displayName, specOf } from '../lib/registry.ts';
import { newListItem } from '../nodes/defaults.ts';
import { fieldKinds } from '../nodes/field-kinds.ts';
import { fieldHint } from '../nodes/hints.ts';
import { NodeIcon } from '../nodes/icons.tsx';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import { CodeField } from './code/CodeField.tsx';
import { useExpressionContext } from './code/use-expression-context.ts';
import { nodeErrors } from './node-errors.ts';
import { SchemaForm, type CodeFieldRenderProps } from './SchemaForm.tsx';
import { apiWidgetSources } from './widgets/api-sources.ts';
import { useApiCalendar } from './widgets/api-calendar.ts';
import { DuePreviewProvider, nodeCalendarKey } from './widgets/due-preview.tsx';
import { WidgetSourcesProvider } from './widgets/sources.tsx';

/** What the inspector edits: everything but the position, so dragging the node does not re-render its form. */
export type InspectedNode = Omit<FlowNode, 'position'>;

export function NodeInspector({ node, readOnly }: { node: InspectedNode; readOnly: boolean }) {
  const store = useDesignerStore();
  const diagnostics = useDesigner((s) => s.diagnostics);
  const context = useExpressionContext();
  const spec = specOf(node);
  const kinds = useMemo(() => (spec ? fieldKinds(spec, node.config) : new Map()), [spec, node.config]);
  const errors = useMemo(() => nodeErrors(diagnostics, node.id, kinds), [diagnostics, node.id, kinds]);

  if (!spec) {
    return (
      <div className="inspector-body">
        <p className="form-error" role="alert">
          Unknown node type “{node.type}” version {node.typeVersion}. It cannot be edited here; delete it or reload the page.
        </p>
      </div>
    );
  }

  const renderCode = (p: CodeFieldRenderProps) => (
    <CodeField
      modelPath={`${node.id}/${p.path}`}
      value={p.value}
      onChange={p.onChange}
      mode={p.mode}
      ariaLabel={p.ariaLabel}
      context={context}
      lines={p.lines}
      invalid={p.invalid}
      {...(p.describedBy ? { describedBy: p.describedBy } : {})}
    />
  );

  return (
    <div className="inspector-body" aria-label={`Settings of ${displayName(node)}`}>
      <div className="inspector-title">
        <span className="palette-icon">
          <NodeIcon name={spec.palette.icon} />
        </span>
        <div>
          <div className="strong">{spec.palette.title}</div>
          <div className="muted small">{spec.palette.description}</div>
        </div>
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`label-${node.id}`}>
          Label
        </label>
        <input
          id={`label-${node.id}`}
          className="input"
          value={node.label}
          maxLength={200}
          readOnly={readOnly}
          onChange={(e) =>
            store.getState().apply({ kind: 'setLabel', nodeId: node.id, label: e.target.value }, { coalesceKey: `label:${node.id}` })
          }
        />
        <small className="muted">
          Id <code>{node.id}</code> — later steps read this node’s output as <code>steps.{node.id}</code>.
        </small>
      </div>
      {errors.node.length > 0 ? (
        <ul className="node-problems" aria-label="Problems of this node">
          {errors.node.map((d, i) => (
            <li key={i} className={`sev-text-${d.severity}`}>
              {d.message}
            </li>
          ))}
        </ul>
      ) : null}
      <WidgetSourcesProvider sources={apiWidgetSources}>
        <DuePreviewProvider source={{ calendarKey: nodeCalendarKey(configJsonSchema(spec), node.config), useCalendar: useApiCalendar }}>
          <SchemaForm
            schema={configJsonSchema(spec)}
            value={node.config}
            idPrefix={`cfg-${node.id}`}
            errors={errors.fields}
            kinds={kinds}
            readOnly={readOnly}
            renderCode={renderCode}
            hint={(path) => fieldHint(spec.type, path)}
            newItem={(path, existing, generic) => newListItem(spec, path, existing, generic)}
            onChange={(config, path) =>
              store.getState().apply({ kind: 'setConfig', nodeId: node.id, config }, { coalesceKey: `config:${node.id}:${path}` })
            }
          />
        </DuePreviewProvider>
      </WidgetSourcesProvider>
      {readOnly ? null : (
        <div className="row inspector-actions">
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => store.getState().apply({ kind: 'remove', nodeIds: [node.id] })}
            aria-label={`Delete node ${displayName(node)}`}
          >
            Delete node
          </button>
        </div>
      )}
    </div>
  );
}
