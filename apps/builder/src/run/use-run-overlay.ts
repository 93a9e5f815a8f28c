import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { RunView } from '../lib/api-types.ts';
import { useTRPC } from '../lib/trpc.ts';
import type { DesignerStore } from '../store/store.ts';

const POLL_MS = 1_000;

/** A run has ended once both its row and (when reachable) the workflow say so. */
export function runEnded(run: RunView): boolean {
  return run.status !== 'running' && (run.live === null || run.live.status !== 'running');
}

/** Polls the run named in the URL (`?run=`) and overlays its live step state on the canvas. */
export function useRunOverlay(store: DesignerStore, runId: string | null): void {
  const trpc = useTRPC();
  const run = useQuery(
    trpc.runs.get.queryOptions(
      { id: runId ?? '' },
      {
        enabled: runId !== null,
        refetchInterval: (query) => (query.state.data && runEnded(query.state.data) ? false : POLL_MS),
        staleTime: 0,
      },
    ),
  );
  useEffect(() => {
    store.getState().setRun(runId && run.data?.id === runId ? run.data : null);
  }, [store, runId, run.data]);
}
