import type { Diagnostic, FlowDefinition, NodeCatalog } from '@trackway/schema';
import { validateFlow } from '@trackway/schema';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { registry } from '../lib/registry.ts';
import type { RunView } from '../lib/api-types.ts';
import { affectsValidation, applyFlowOp, type FlowOp } from './ops.ts';

const HISTORY_LIMIT = 200;
/** Typing in one field within this window is one undo step. */
const COALESCE_MS = 1500;

export interface ApplyOptions {
  /** Consecutive edits with the same key (keystrokes in one field) merge into one undo step. */
  readonly coalesceKey?: string;
  /** Part of an ongoing gesture (a drag): only the gesture's first edit opens an undo step. */
  readonly gesture?: boolean;
}

export interface GraphSlice {
  /** The single source of truth; canvas nodes and edges are derived from it. */
  definition: FlowDefinition;
  /** `validateFlow(definition)`, recomputed on every edit that can change it. */
  diagnostics: readonly Diagnostic[];
  past: readonly FlowDefinition[];
  future: readonly FlowDefinition[];
  /** Increments on every local change of the definition; autosave compares it with what it saved. */
  editSeq: number;
  /** Rendered node sizes reported by the canvas (layout needs them; not part of the flow). */
  sizes: Readonly<Record<string, { width: number; height: number }>>;
  gestureOpen: boolean;
  lastCoalesce: { key: string; at: number } | null;
  apply(op: FlowOp, options?: ApplyOptions): void;
  endGesture(): void;
  undo(): void;
  redo(): void;
  /** Replaces the definition with one from the server (load, reload after a conflict); clears history. */
  load(definition: FlowDefinition): void;
  setSizes(sizes: Readonly<Record<string, { width: number; height: number }>>): void;
}

export interface SelectionSlice {
  selectedNodeIds: readonly string[];
  selectedEdgeIds: readonly string[];
  selectedNoteIds: readonly string[];
  setSelection(selection: { nodes?: readonly string[]; edges?: readonly string[]; notes?: readonly string[] }): void;
  clearSelection(): void;
}

export type SideTab = 'inspector' | 'flow' | 'versions';

export interface PanelSlice {
  /** Why the connection being dragged would be refused; null when it is fine or none is dragged. */
  connectionHint: string | null;
  /** A request for the canvas to bring a node or edge into view (problems panel click). */
  focus: { readonly nodeId?: string; readonly edgeId?: string; readonly seq: number } | null;
  problemsOpen: boolean;
  sideTab: SideTab;
  /** Diagnostics the server returned when it refused to publish. */
  serverDiagnostics: readonly Diagnostic[] | null;
  helpOpen: boolean;
  /** Bumped to ask the canvas to zoom to fit once it has drawn the latest nodes (after a layout). */
  fitSeq: number;
  requestFit(): void;
  setConnectionHint(hint: string | null): void;
  focusOn(target: { nodeId?: string; edgeId?: string }): void;
  setProblemsOpen(open: boolean): void;
  setSideTab(tab: SideTab): void;
  setServerDiagnostics(diagnostics: readonly Diagnostic[] | null): void;
  setHelpOpen(open: boolean): void;
}

export interface RunSlice {
  /** The test run overlaid on the canvas. */
  run: RunView | null;
  /** Node whose step details are open in the drawer. */
  stepNodeId: string | null;
  setRun(run: RunView | null): void;
  openStep(nodeId: string | null): void;
}

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error' | 'conflict';

export interface DraftSlice {
  save: { status: SaveStatus; revision: number; savedSeq: number; message?: string; savedAt?: number };
  setSave(save: Partial<DraftSlice['save']>): void;
}

export type DesignerState = GraphSlice & SelectionSlice & PanelSlice & RunSlice & DraftSlice;
export type DesignerStore = StoreApi<DesignerState>;

type SetState = StoreApi<DesignerState>['setState'];
type GetState = StoreApi<DesignerState>['getState'];

function pruneSelection(state: DesignerState, def: FlowDefinition): Partial<DesignerState> {
  const nodes = new Set(def.nodes.map((n) => n.id));
  const edges = new Set(def.edges.map((e) => e.id));
  const notes = new Set(def.notes.map((n) => n.id));
  const keep = <T extends string>(ids: readonly T[], live: ReadonlySet<string>) =>
    ids.every((id) => live.has(id)) ? ids : ids.filter((id) => live.has(id));
  return {
    selectedNodeIds: keep(state.selectedNodeIds, nodes),
    selectedEdgeIds: keep(state.selectedEdgeIds, edges),
    selectedNoteIds: keep(state.selectedNoteIds, notes),
  };
}

function graphSlice(set: SetState, get: GetState, initial: FlowDefinition, catalog: NodeCatalog): GraphSlice {
  const validate = (def: FlowDefinition) => validateFlow(def, catalog);
  return {
    definition: initial,
    diagnostics: validate(initial),
    past: [],
    future: [],
    editSeq: 0,
    sizes: {},
    gestureOpen: false,
    lastCoalesce: null,
    apply(op, options = {}) {
      const state = get();
      const next = applyFlowOp(state.definition, op);
      if (next === state.definition) return;
      const now = Date.now();
      const merging =
        (options.gesture && state.gestureOpen) ||
        (options.coalesceKey !== undefined &&
          state.lastCoalesce?.key === options.coalesceKey &&
          now - state.lastCoalesce.at < COALESCE_MS &&
          state.past.length > 0);
      set({
        definition: next,
        diagnostics: affectsValidation(op) ? validate(next) : state.diagnostics,
        past: merging ? state.past : [...state.past.slice(-(HISTORY_LIMIT - 1)), state.definition],
        future: [],
        editSeq: state.editSeq + 1,
        gestureOpen: options.gesture === true,
        lastCoalesce: options.coalesceKey !== undefined ? { key: options.coalesceKey, at: now } : null,
        ...pruneSelection(state, next),
      });
    },
    endGesture() {
      if (get().gestureOpen) set({ gestureOpen: false });
    },
    undo() {
      const state = get();
      const previous = state.past[state.past.length - 1];
      if (!previous) return;
      set({
        definition: previous,
        diagnostics: validate(previous),
        past: state.past.slice(0, -1),
        future: [state.definition, ...state.future],
        editSeq: state.editSeq + 1,
        gestureOpen: false,
        lastCoalesce: null,
        ...pruneSelection(state, previous),
      });
    },
    redo() {
      const state = get();
      const next = state.future[0];
      if (!next) return;
      set({
        definition: next,
        diagnostics: validate(next),
        past: [...state.past, state.definition],
        future: state.future.slice(1),
        editSeq: state.editSeq + 1,
        gestureOpen: false,
        lastCoalesce: null,
        ...pruneSelection(state, next),
      });
    },
    load(definition) {
      set((state) => ({
        definition,
        diagnostics: validate(definition),
        past: [],
        future: [],
        gestureOpen: false,
        lastCoalesce: null,
        ...pruneSelection(state, definition),
      }));
    },
    setSizes(sizes) {
      set((state) => ({ sizes: { ...state.sizes, ...sizes } }));
    },
  };
}

function selectionSlice(set: SetState): SelectionSlice {
  return {
    selectedNodeIds: [],
    selectedEdgeIds: [],
    selectedNoteIds: [],
    setSelection(selection) {
      set((state) => ({
        selectedNodeIds: selection.nodes ?? state.selectedNodeIds,
        selectedEdgeIds: selection.edges ?? state.selectedEdgeIds,
        selectedNoteIds: selection.notes ?? state.selectedNoteIds,
      }));
    },
    clearSelection() {
      set((s) => (selectionIsEmpty(s) ? s : { selectedNodeIds: [], selectedEdgeIds: [], selectedNoteIds: [] }));
    },
  };
}

const selectionIsEmpty = (s: SelectionSlice) =>
  s.selectedNodeIds.length === 0 && s.selectedEdgeIds.length === 0 && s.selectedNoteIds.length === 0;

function panelSlice(set: SetState): PanelSlice {
  return {
    connectionHint: null,
    focus: null,
    problemsOpen: true,
    sideTab: 'inspector',
    serverDiagnostics: null,
    helpOpen: false,
    fitSeq: 0,
    requestFit: () => set((s) => ({ fitSeq: s.fitSeq + 1 })),
    setConnectionHint: (hint) => set((s) => (s.connectionHint === hint ? s : { connectionHint: hint })),
    focusOn: (target) => set((s) => ({ focus: { ...target, seq: (s.focus?.seq ?? 0) + 1 } })),
    setProblemsOpen: (open) => set({ problemsOpen: open }),
    setSideTab: (tab) => set({ sideTab: tab }),
    setServerDiagnostics: (diagnostics) => set({ serverDiagnostics: diagnostics }),
    setHelpOpen: (open) => set({ helpOpen: open }),
  };
}

function runSlice(set: SetState): RunSlice {
  return {
    run: null,
    stepNodeId: null,
    setRun: (run) => set((s) => ({ run, stepNodeId: run ? s.stepNodeId : null })),
    openStep: (nodeId) => set({ stepNodeId: nodeId }),
  };
}

function draftSlice(set: SetState, revision: number): DraftSlice {
  return {
    save: { status: 'saved', revision, savedSeq: 0 },
    // Autosave marks the draft dirty on every edit, i.e. on every drag frame: an unchanged status
    // must not make a new object, or everything that reads `save` re-renders each frame.
    setSave: (save) =>
      set((s) =>
        (Object.keys(save) as (keyof DraftSlice['save'])[]).every((k) => s.save[k] === save[k]) ? s : { save: { ...s.save, ...save } },
      ),
  };
}

export interface CreateDesignerStoreOptions {
  readonly definition: FlowDefinition;
  readonly revision?: number;
  readonly catalog?: NodeCatalog;
}

/** One store per open flow; made by a factory so tests and several canvases never share state. */
export function createDesignerStore(options: CreateDesignerStoreOptions): DesignerStore {
  const catalog = options.catalog ?? registry;
  return createStore<DesignerState>()((set, get) => ({
    ...graphSlice(set, get, options.definition, catalog),
    ...selectionSlice(set),
    ...panelSlice(set),
    ...runSlice(set),
    ...draftSlice(set, options.revision ?? 1),
  }));
}
