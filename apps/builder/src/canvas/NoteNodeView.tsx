import type { NodeProps } from '@xyflow/react';
import { memo, useEffect, useState } from 'react';
import { useDesignerStore } from '../store/context.tsx';
import type { NoteCanvasNode } from './derive.ts';

/** A sticky note: free text on the canvas, ignored by the compiler. */
export const NoteNodeView = memo(function NoteNodeView({ data, selected }: NodeProps<NoteCanvasNode>) {
  const store = useDesignerStore();
  const [text, setText] = useState(data.note.text);
  useEffect(() => setText(data.note.text), [data.note.text]);
  return (
    <div className={`tw-note${selected ? ' is-selected' : ''}`}>
      <textarea
        className="nodrag nowheel"
        aria-label="Sticky note text"
        value={text}
        placeholder="Write a note…"
        maxLength={5000}
        onChange={(e) => {
          setText(e.target.value);
          store
            .getState()
            .apply({ kind: 'setNoteText', noteId: data.note.id, text: e.target.value }, { coalesceKey: `note:${data.note.id}` });
        }}
      />
    </div>
  );
});
