import { duration, shortId } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useDesigner, useDesignerStore } from '../store/context.tsx';
import { runEnded } from './use-run-overlay.ts';

/** The run overlaid on the canvas: status, progress, and a way back to editing. */
export function RunBanner({ flowId }: { flowId: string }) {
  const store = useDesignerStore();
  const run = useDesigner((s) => s.run);
  if (!run) return null;
  const steps = Object.values(run.live?.steps ?? {});
  const done = steps.filter((s) => s.status === 'completed').length;
  const status = run.live?.status ?? run.status;
  const ended = runEnded(run);
  return (
    <div className={`run-banner status-${status}`} role="status" aria-live="polite" aria-label="Test run">
      <span className={`dot dot-${status}`} aria-hidden="true" />
      <span>
        Run <span className="mono">{shortId(run.id)}</span> (v{run.flowVersion.version}) — <strong className="run-status">{status}</strong>
        {' · '}
        {done} step{done === 1 ? '' : 's'} done · {duration(run.startedAt, ended ? run.endedAt : null)}
        {!run.live && !ended ? ' · waiting for a worker…' : ''}
      </span>
      {run.error || run.live?.error ? (
        <span className="run-error">{run.live?.error ?? (typeof run.error === 'string' ? run.error : JSON.stringify(run.error))}</span>
      ) : null}
      <button
        type="button"
        className="btn btn-ghost btn-small"
        onClick={() => store.getState().openStep(Object.keys(run.live?.steps ?? {})[0] ?? '')}
      >
        Steps
      </button>
      <button
        type="button"
        className="btn btn-ghost btn-small"
        aria-label="Close the run overlay"
        onClick={() => navigate(`/flows/${flowId}`, { replace: true })}
      >
        Close
      </button>
    </div>
  );
}
