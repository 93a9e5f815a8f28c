import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Dialog, FormActions } from '../app/Dialog.tsx';
import { errorData, errorMessage, useTRPC } from '../lib/trpc.ts';
import { useDesigner, useDesignerStore } from '../store/context.tsx';

/** Saves what is pending, then asks the server to compile and freeze the draft as a new version. */
export function PublishDialog({
  flowId,
  latest,
  flush,
  onClose,
}: {
  flowId: string;
  latest: { version: number } | null;
  flush: () => Promise<void>;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useDesignerStore();
  const errors = useDesigner((s) => s.diagnostics.filter((d) => d.severity === 'error').length);
  const [note, setNote] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const publish = useMutation(trpc.flows.publish.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await flush();
    } catch (error) {
      setProblem(`The draft could not be saved, so it was not published: ${errorMessage(error)}`);
      setBusy(false);
      return;
    }
    try {
      const published = await publish.mutateAsync({ id: flowId, note: note.trim() });
      store.getState().setServerDiagnostics(null);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trpc.flows.get.queryKey({ id: flowId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.flows.versions.queryKey({ id: flowId }) }),
        queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() }),
      ]);
      setResult(
        published.unchanged
          ? `Nothing changed since version ${published.version}; no new version was made.`
          : `Published version ${published.version}.`,
      );
    } catch (error) {
      const diagnostics = errorData(error).diagnostics;
      if (diagnostics && diagnostics.length > 0) {
        store.getState().setServerDiagnostics(diagnostics);
        store.getState().setProblemsOpen(true);
        setProblem(`${errorMessage(error)} They are listed in the problems panel.`);
      } else {
        setProblem(errorMessage(error));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Publish" onClose={onClose}>
      {result ? (
        <div className="stack">
          <p role="status" className="banner banner-ok">
            {result}
          </p>
          <p className="muted small">New runs use this version; runs already going keep the version they started with.</p>
          <div className="row row-end">
            <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="stack" onSubmit={(e) => void submit(e)}>
          <p>
            {latest ? `Publishing makes version ${latest.version + 1}` : 'Publishing makes version 1'} from the current draft. New runs
            start on it; the draft stays editable.
          </p>
          {errors > 0 ? (
            <p className="banner banner-warning">
              The flow has {errors} error{errors > 1 ? 's' : ''}; the server will refuse to publish until they are fixed.
            </p>
          ) : null}
          <label className="field">
            <span>Note</span>
            <textarea
              className="input"
              rows={3}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder="What changed?"
            />
          </label>
          <FormActions error={problem} onCancel={onClose} busy={busy} label="Publish" busyLabel="Publishing…" />
        </form>
      )}
    </Dialog>
  );
}
