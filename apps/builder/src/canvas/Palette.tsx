import { useQuery } from '@tanstack/react-query';
import { useReactFlow } from '@xyflow/react';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { NodeTypeInfo } from '../lib/api-types.ts';
import { registry } from '../lib/registry.ts';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import { NodeIcon } from '../nodes/icons.tsx';
import { createNode, freeSpot, insertAfterOp } from '../store/actions.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import { PALETTE_MIME, paletteData } from './palette-dnd.ts';

const CATEGORY_ORDER = ['Flow', 'Logic', 'Data', 'Time', 'People', 'Messages', 'Custom'];

/** Node types from the server's catalogue, grouped by category; drag onto the canvas or click to add. */
export function Palette({ readOnly }: { readOnly: boolean }) {
  const trpc = useTRPC();
  const catalog = useQuery(trpc.catalog.nodeTypes.queryOptions(undefined, { staleTime: Infinity }));
  const [search, setSearch] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  const store = useDesignerStore();
  const flow = useReactFlow();
  const selected = useDesigner((s) => (s.selectedNodeIds.length === 1 ? s.selectedNodeIds[0] : undefined));
  const selectedTitle = useDesigner((s) => s.definition.nodes.find((n) => n.id === selected)?.label);

  const groups = useMemo(() => {
    const q = search.trim().toLowerCase();
    const items = (catalog.data ?? []).filter(
      (t) =>
        !q ||
        t.title.toLowerCase().includes(q) ||
        t.description.toLowerCase().includes(q) ||
        t.type.includes(q) ||
        t.category.toLowerCase().includes(q),
    );
    const byCategory = new Map<string, NodeTypeInfo[]>();
    for (const item of items) byCategory.set(item.category, [...(byCategory.get(item.category) ?? []), item]);
    return [...byCategory].sort(([a], [b]) => CATEGORY_ORDER.indexOf(a) - CATEGORY_ORDER.indexOf(b));
  }, [catalog.data, search]);

  const add = (item: NodeTypeInfo) => {
    const spec = registry.get(item.type, item.version);
    if (!spec || readOnly) return;
    const state = store.getState();
    const inserted = selected ? insertAfterOp(state.definition, selected, spec) : undefined;
    if (inserted) {
      state.apply(inserted.op);
      state.setSelection({ nodes: [inserted.node.id], edges: [], notes: [] });
      return;
    }
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    const center = pane ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
    const node = createNode(state.definition, spec, freeSpot(state.definition, state.sizes, { x: center.x - 110, y: center.y - 40 }));
    state.apply({ kind: 'addNodes', nodes: [node] });
    state.setSelection({ nodes: [node.id], edges: [], notes: [] });
  };

  // Arrow keys move between palette items (a list of buttons), Enter or Space adds.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(listRef.current?.querySelectorAll<HTMLButtonElement>('button.palette-item') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[event.key === 'ArrowDown' ? Math.min(buttons.length - 1, index + 1) : Math.max(0, index - 1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <div className="palette-search">
        <input
          type="search"
          className="input"
          placeholder="Search nodes"
          aria-label="Search nodes"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              listRef.current?.querySelector<HTMLButtonElement>('button.palette-item')?.focus();
            }
          }}
        />
        <p className="muted small">
          {selected ? `Click adds after “${selectedTitle || selected}”.` : 'Drag onto the canvas, or click to add.'}
        </p>
      </div>
      <div className="palette-list" ref={listRef} onKeyDown={onKeyDown}>
        {catalog.isPending ? (
          <p className="muted small pad">Loading node types…</p>
        ) : catalog.isError ? (
          <p className="form-error pad" role="alert">
            {errorMessage(catalog.error)}
          </p>
        ) : groups.length === 0 ? (
          <p className="muted small pad">No node type matches “{search}”.</p>
        ) : (
          groups.map(([category, items]) => (
            <section key={category} aria-label={category}>
              <h3 className="palette-category">{category}</h3>
              {items.map((item) => {
                const known = registry.get(item.type, item.version) !== undefined;
                return (
                  <button
                    key={`${item.type}@${item.version}`}
                    type="button"
                    className="palette-item"
                    draggable={known && !readOnly}
                    disabled={!known || readOnly}
                    aria-label={`Add ${item.title}: ${item.description}`}
                    title={known ? item.description : 'This builder does not know this node type yet; reload the page.'}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(PALETTE_MIME, paletteData(item.type, item.version));
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => add(item)}
                  >
                    <span className={`palette-icon cat-${item.category.toLowerCase()}`}>
                      <NodeIcon name={item.icon} />
                    </span>
                    <span className="palette-text">
                      <span className="palette-title">{item.title}</span>
                      <span className="palette-desc">{item.description}</span>
                    </span>
                  </button>
                );
              })}
            </section>
          ))
        )}
      </div>
    </aside>
  );
}
