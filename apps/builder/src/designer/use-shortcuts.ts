import { useReactFlow } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { clipboard, copyFragment, pasteFragment } from '../store/clipboard.ts';
import type { DesignerStore } from '../store/store.ts';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
export const MOD = isMac ? '⌘' : 'Ctrl';

export const SHORTCUTS: ReadonlyArray<{ keys: string; action: string }> = [
  { keys: `${MOD}+Z`, action: 'Undo' },
  { keys: `${MOD}+Shift+Z / ${MOD}+Y`, action: 'Redo' },
  { keys: 'Delete / Backspace', action: 'Delete the selection' },
  { keys: `${MOD}+C / ${MOD}+X / ${MOD}+V`, action: 'Copy / cut / paste (also into another flow)' },
  { keys: `${MOD}+D`, action: 'Duplicate the selection' },
  { keys: `${MOD}+A`, action: 'Select everything' },
  { keys: `${MOD}+Click, Shift+drag`, action: 'Add to the selection, select an area' },
  { keys: 'F', action: 'Zoom to fit' },
  { keys: 'Escape', action: 'Clear the selection, close the step details' },
  { keys: '?', action: 'Show this help' },
];

/** Typing in a field keeps the field's own keys (Monaco has its own undo). */
function isEditing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.monaco-editor, [role="dialog"]')) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** Designer keyboard shortcuts; every edit goes through the store, so each is one undo step. */
export function useShortcuts(store: DesignerStore, readOnly: boolean): void {
  const flow = useReactFlow();
  const pasteCount = useRef(0);

  useEffect(() => {
    const copy = () => {
      const s = store.getState();
      const fragment = copyFragment(s.definition, s.selectedNodeIds, s.selectedNoteIds);
      if (fragment) {
        clipboard.write(fragment);
        pasteCount.current = 0;
      }
      return fragment;
    };
    const paste = (fragment = clipboard.read()) => {
      if (!fragment || readOnly) return;
      pasteCount.current += 1;
      const s = store.getState();
      const shift = 32 * pasteCount.current;
      const { nodes, edges, notes } = pasteFragment(s.definition, fragment, { x: shift, y: shift });
      s.apply({ kind: 'addNodes', nodes, edges, notes });
      s.setSelection({ nodes: nodes.map((n) => n.id), edges: [], notes: notes.map((n) => n.id) });
    };
    const remove = () => {
      const s = store.getState();
      if (readOnly) return;
      s.apply({ kind: 'remove', nodeIds: s.selectedNodeIds, edgeIds: s.selectedEdgeIds, noteIds: s.selectedNoteIds });
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditing(event.target)) return;
      const mod = isMac ? event.metaKey : event.ctrlKey;
      const key = event.key.toLowerCase();
      const s = store.getState();
      let handled = true;
      if (mod && key === 'z' && !event.shiftKey) {
        if (!readOnly) s.undo();
      } else if (mod && ((key === 'z' && event.shiftKey) || key === 'y')) {
        if (!readOnly) s.redo();
      } else if (mod && key === 'c') {
        copy();
      } else if (mod && key === 'x') {
        if (copy()) remove();
      } else if (mod && key === 'v') {
        paste();
      } else if (mod && key === 'd') {
        const fragment = copyFragment(s.definition, s.selectedNodeIds, s.selectedNoteIds);
        if (fragment) {
          pasteCount.current = 0;
          paste(fragment);
        }
      } else if (mod && key === 'a') {
        s.setSelection({
          nodes: s.definition.nodes.map((n) => n.id),
          edges: s.definition.edges.map((e) => e.id),
          notes: s.definition.notes.map((n) => n.id),
        });
      } else if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) {
        remove();
      } else if (!mod && event.key === 'Escape') {
        if (s.stepNodeId) s.openStep(null);
        else s.clearSelection();
      } else if (!mod && !event.altKey && key === 'f') {
        void flow.fitView({ duration: 300, padding: 0.2, maxZoom: 1 });
      } else if (!mod && event.key === '?') {
        s.setHelpOpen(true);
      } else {
        handled = false;
      }
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, readOnly, flow]);
}
