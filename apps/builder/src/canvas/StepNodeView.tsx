import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NodeIcon } from '../nodes/icons.tsx';
import { summarize } from '../nodes/summary.ts';
import type { StepCanvasNode } from './derive.ts';

/** One flow step on the canvas: typed ports as handles, problems and run status as markers. */
export const StepNodeView = memo(function StepNodeView({ data, selected }: NodeProps<StepCanvasNode>) {
  // Render counter for `npm run bench:canvas`: compiled in only when the bench build sets the flag.
  if (import.meta.env.VITE_TW_RENDER_COUNT === '1') window.__twRenderCount = (window.__twRenderCount ?? 0) + 1;
  const { node, title, typeTitle, icon, outputs, hasInput, problems, run } = data;
  const errors = problems.errors.length;
  const warnings = problems.warnings.length;
  const summary = summarize(node);
  const className = [
    'tw-node',
    `tw-node--${node.type}`,
    errors ? 'has-error' : warnings ? 'has-warning' : '',
    run ? `run-${run.status}` : '',
    selected ? 'is-selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const labelled = outputs.length > 1;
  return (
    <div className={className} data-node-id={node.id} data-run-status={run?.status}>
      {hasInput ? (
        <Handle type="target" position={Position.Top} id="in" className="tw-handle tw-handle-in" aria-label={`Input of ${title}`} />
      ) : null}
      <div className="tw-node-head">
        <span className="tw-node-icon">
          <NodeIcon name={icon} />
        </span>
        <span className="tw-node-title">{title}</span>
        {errors || warnings ? (
          <span
            className={`tw-node-badge ${errors ? 'is-error' : 'is-warning'}`}
            role="img"
            aria-label={errors ? `${errors} error${errors > 1 ? 's' : ''}` : `${warnings} warning${warnings > 1 ? 's' : ''}`}
            title={[...problems.errors, ...problems.warnings].join('\n')}
          >
            {errors || warnings}
          </span>
        ) : null}
      </div>
      <div className="tw-node-sub">
        {typeTitle !== title ? typeTitle : null}
        {run ? (
          <span className={`tw-run-pill status-${run.status}`}>
            {run.status}
            {run.visits > 1 ? ` ×${run.visits}` : ''}
          </span>
        ) : null}
      </div>
      {summary ? (
        <div className="tw-node-summary" title={summary}>
          {summary}
        </div>
      ) : null}
      {errors ? <div className="tw-node-problem">{problems.errors[0]}</div> : null}
      {outputs.length > 0 ? (
        <div className={`tw-ports${labelled ? ' is-labelled' : ''}`}>
          {outputs.map((port) => (
            <div key={port.name} className={`tw-port${run?.port === port.name ? ' is-taken' : ''}`}>
              {labelled ? <span className="tw-port-label">{port.label ?? port.name}</span> : null}
              <Handle
                type="source"
                position={Position.Bottom}
                id={port.name}
                className="tw-handle tw-handle-out"
                aria-label={`Output ${port.label ?? port.name} of ${title}`}
              />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
});
