import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { StepCanvasNode } from '../canvas/derive.ts';
import { StepNodeView } from '../canvas/StepNodeView.tsx';
import { CHANGE_LABEL, type DiffCanvasNode } from './diff-canvas.ts';

/** A step drawn exactly as in the designer, with a worded badge so the change never relies on colour alone. */
export const DiffNodeView = memo(function DiffNodeView(props: NodeProps<DiffCanvasNode>) {
  const change = props.data.change;
  return (
    <>
      <StepNodeView {...(props as unknown as NodeProps<StepCanvasNode>)} />
      {/* The node's aria-label already says it; the badge is for the eye. */}
      {change ? (
        <span className={`diff-badge diff-badge-${change}`} aria-hidden="true">
          {CHANGE_LABEL[change]}
        </span>
      ) : null}
    </>
  );
});
