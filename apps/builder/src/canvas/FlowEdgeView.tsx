import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import type { CanvasEdge } from './derive.ts';

/** An edge between two ports: labelled with the branch it leaves from, red when it has a problem. */
export const FlowEdgeView = memo(function FlowEdgeView(props: EdgeProps<CanvasEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getSmoothStepPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
    borderRadius: 10,
  });
  const problems = data?.problems ?? [];
  const className = ['tw-edge', problems.length ? 'has-error' : '', data?.taken ? 'is-taken' : '', selected ? 'is-selected' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} className={className} markerEnd={markerEnd} interactionWidth={16} />
      {/* Branch names sit on the node's ports; the edge only carries a problem marker. */}
      {problems.length ? (
        <EdgeLabelRenderer>
          <div
            className="tw-edge-label nodrag nopan has-error"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={problems.join('\n')}
            role="img"
            aria-label={`Problem: ${problems.join(' ')}`}
          >
            ⚠
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
});
