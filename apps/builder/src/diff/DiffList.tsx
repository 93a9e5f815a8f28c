import { useEffect, useRef } from 'react';
import type { ChangeKind, FieldChange } from '../store/diff.ts';
import { CHANGE_LABEL } from './diff-canvas.ts';
import { formatValue, type DiffSummary } from './summary.ts';

const KIND_LABEL: Readonly<Record<ChangeKind | 'moved', string>> = { ...CHANGE_LABEL, moved: 'Moved' };

function Changes({ fields, label }: { fields: readonly FieldChange[]; label: string }) {
  if (fields.length === 0) return null;
  return (
    <ul className="diff-fields" aria-label={label}>
      {fields.map((f) => (
        <li key={f.path}>
          <code className="diff-path">{f.path}</code>{' '}
          <span className="diff-values">
            <del title={formatValue(f.before)}>{formatValue(f.before)}</del>
            <span aria-hidden="true"> → </span>
            <span className="sr-only"> becomes </span>
            <ins title={formatValue(f.after)}>{formatValue(f.after)}</ins>
          </span>
        </li>
      ))}
    </ul>
  );
}

function Tag({ kind }: { kind: ChangeKind | 'moved' }) {
  return <span className={`diff-tag diff-tag-${kind}`}>{KIND_LABEL[kind]}</span>;
}

export interface DiffListProps {
  readonly summary: DiffSummary;
  /** The node picked on the canvas: its entry is marked and scrolled into view. */
  readonly activeId: string | null;
  /** Centres the canvas on a node. */
  readonly onShow: (nodeId: string) => void;
}

/** The side list of a comparison: every changed node with its field changes (path, before → after), connections, flow settings. */
export function DiffList({ summary, activeId, onShow }: DiffListProps) {
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!activeId) return;
    // scrollIntoView is missing in jsdom; a list that cannot scroll loses nothing.
    const entries = listRef.current?.querySelectorAll<HTMLElement>('[data-entry]') ?? [];
    [...entries].find((el) => el.dataset.entry === activeId)?.scrollIntoView?.({ block: 'nearest' });
  }, [activeId]);

  const { nodes, edges, flow } = summary;
  if (nodes.length === 0 && edges.length === 0 && flow.length === 0) {
    return (
      <div className="diff-list" ref={listRef}>
        <p className="muted">No differences: both are the same flow.</p>
      </div>
    );
  }
  return (
    <div className="diff-list" ref={listRef}>
      {nodes.length > 0 ? (
        <section aria-labelledby="diff-nodes-heading">
          <h3 id="diff-nodes-heading">Nodes</h3>
          <ul className="diff-entries" aria-label="Changed nodes">
            {nodes.map((n) => (
              <li
                key={n.id}
                data-entry={n.id}
                className={`diff-entry${activeId === n.id ? ' is-active' : ''}`}
                aria-current={activeId === n.id}
              >
                <div className="diff-entry-head">
                  <Tag kind={n.kind} />
                  <button type="button" className="diff-entry-title" onClick={() => onShow(n.id)} title="Show on the canvas">
                    {n.title}
                  </button>
                  <span className="muted small">{n.typeTitle}</span>
                </div>
                <Changes fields={n.fields} label={`Changes to ${n.title}`} />
                {n.moved && n.kind === 'changed' ? <p className="muted small diff-note">Also moved on the canvas.</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {edges.length > 0 ? (
        <section aria-labelledby="diff-edges-heading">
          <h3 id="diff-edges-heading">Connections</h3>
          <ul className="diff-entries" aria-label="Changed connections">
            {edges.map((e) => (
              <li key={e.id} className="diff-entry">
                <div className="diff-entry-head">
                  <Tag kind={e.kind} />
                  <button type="button" className="diff-entry-title" onClick={() => onShow(e.nodeId)} title="Show on the canvas">
                    {e.title}
                  </button>
                </div>
                <Changes fields={e.fields} label={`Changes to the connection ${e.title}`} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {flow.length > 0 ? (
        <section aria-labelledby="diff-flow-heading">
          <h3 id="diff-flow-heading">Flow settings</h3>
          <Changes fields={flow} label="Changes to the flow settings" />
        </section>
      ) : null}
    </div>
  );
}
