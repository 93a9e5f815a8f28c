import { FlowDefinitionSchema } from '@trackway/schema';
import { useEffect, useRef } from 'react';
import { errorCode, errorMessage, type ApiClient } from '../lib/trpc.ts';
import type { DesignerStore } from '../store/store.ts';

const DEBOUNCE_MS = 700;
const RETRY_MS = 5_000;

/**
 * Saves the draft a moment after each edit, one save at a time, with the revision it was loaded
 * at (optimistic concurrency). A CONFLICT stops autosave for good: the other change is never
 * overwritten, and the user decides (reload). Returns `flush()`, which saves now and resolves
 * when everything typed so far is stored (or rejects with why it is not).
 */
export function useAutosave(store: DesignerStore, client: ApiClient, flowId: string, enabled: boolean): () => Promise<void> {
  const flushRef = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let queue: Promise<void> = Promise.resolve();
    let disposed = false;

    const saveOnce = async (): Promise<void> => {
      const state = store.getState();
      if (state.save.status === 'conflict') throw new Error(state.save.message ?? 'The draft was changed elsewhere.');
      if (state.editSeq === state.save.savedSeq) return;
      const seq = state.editSeq;
      const definition = state.definition;
      if (!FlowDefinitionSchema.safeParse(definition).success) {
        const message = 'Not saved yet: fix the fields marked in the problems panel first.';
        state.setSave({ status: 'error', message });
        throw new Error(message);
      }
      state.setSave({ status: 'saving' });
      try {
        const result = await client.flows.saveDraft.mutate({ id: flowId, revision: state.save.revision, definition });
        const now = store.getState();
        now.setSave({
          status: now.editSeq === seq ? 'saved' : 'dirty',
          revision: result.revision,
          savedSeq: seq,
          savedAt: Date.now(),
          message: undefined,
        });
      } catch (error) {
        if (errorCode(error) === 'CONFLICT' || errorCode(error) === 'PRECONDITION_FAILED') {
          store.getState().setSave({ status: 'conflict', message: errorMessage(error) });
        } else {
          store.getState().setSave({ status: 'error', message: `Not saved: ${errorMessage(error)}` });
          if (!disposed) timer = setTimeout(schedule, RETRY_MS);
        }
        throw error;
      }
    };

    const enqueue = () => {
      queue = queue.catch(() => undefined).then(saveOnce);
      return queue;
    };
    function schedule() {
      clearTimeout(timer);
      void enqueue().then(
        () => {
          const s = store.getState();
          if (!disposed && s.editSeq !== s.save.savedSeq && s.save.status === 'dirty') timer = setTimeout(schedule, DEBOUNCE_MS);
        },
        () => undefined,
      );
    }

    const unsubscribe = store.subscribe((state, previous) => {
      if (state.editSeq === previous.editSeq) return;
      if (state.save.status !== 'conflict' && state.save.status !== 'saving') state.setSave({ status: 'dirty' });
      clearTimeout(timer);
      timer = setTimeout(schedule, DEBOUNCE_MS);
    });

    const beforeUnload = (event: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.editSeq !== s.save.savedSeq) event.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);

    flushRef.current = () => {
      clearTimeout(timer);
      return enqueue();
    };
    return () => {
      disposed = true;
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener('beforeunload', beforeUnload);
      // Leaving the designer: save what is pending rather than drop it.
      const s = store.getState();
      if (s.editSeq !== s.save.savedSeq && s.save.status !== 'conflict') void enqueue().catch(() => undefined);
      flushRef.current = async () => {};
    };
  }, [store, client, flowId, enabled]);

  return () => flushRef.current();
}
