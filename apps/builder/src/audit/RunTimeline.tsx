import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../app/states.tsx';
import type { RouterOutputs } from '../lib/api-types.ts';
import { dateTime } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useTRPC } from '../lib/trpc.ts';
import { PayloadDetails } from './EntryList.tsx';

type Timeline = RouterOutputs['audit']['runTimeline'];
export type TimelineItem = Timeline['items'][number];

/** A run's audit entries and Temporal events in one time-ordered list. */
export function TimelineList({ items }: { items: readonly TimelineItem[] }) {
  return (
    <ol className="audit-timeline" aria-label="Run timeline">
      {items.map((item) =>
        item.source === 'audit' ? (
          <li key={`a${item.seq}`} className="audit-timeline-audit">
            <time dateTime={item.at}>{dateTime(item.at)}</time>
            <span className="badge badge-ok">Audit</span>
            <span>
              <code>{item.action}</code> {item.subjectType} <span className="mono small">{item.subjectId}</span> · {item.actorLabel}
            </span>
            <PayloadDetails payload={item.payload} />
          </li>
        ) : (
          <li key={`t${item.eventId}`} className="audit-timeline-temporal">
            <time dateTime={item.at}>{dateTime(item.at)}</time>
            <span className="badge">Temporal #{item.eventId}</span>
            <span>{item.summary}</span>
          </li>
        ),
      )}
    </ol>
  );
}

export function RunTimeline({ runId }: { runId: string | null }) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState(runId ?? '');
  const timeline = useQuery(trpc.audit.runTimeline.queryOptions({ runId: runId ?? '' }, { enabled: Boolean(runId) }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) navigate(`/audit?run=${encodeURIComponent(draft.trim())}`);
  };
  return (
    <section aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Run timeline</h2>
      <form className="row" onSubmit={submit}>
        <label className="field-inline">
          <span>Run id</span>
          <input className="input mono" value={draft} onChange={(e) => setDraft(e.target.value)} size={40} />
        </label>
        <button type="submit" className="btn">
          Show
        </button>
      </form>
      {!runId ? (
        <p className="muted">Enter a run id, or open a run's timeline from the Runs page.</p>
      ) : timeline.isPending ? (
        <Loading what="the timeline" />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} retry={() => void timeline.refetch()} />
      ) : (
        <>
          <p>
            <strong>{timeline.data.run.flow.name}</strong> v{timeline.data.run.flowVersion.version} ·{' '}
            <span className="mono">{timeline.data.run.businessKey}</span> ·{' '}
            <span className={`badge status-${timeline.data.run.status}`}>{timeline.data.run.status}</span>
          </p>
          {timeline.data.history.status !== 'ok' ? (
            <p className="banner banner-warning" role="note">
              {timeline.data.history.message}
            </p>
          ) : null}
          {timeline.data.truncated ? <p className="banner banner-warning">Only the first 5,000 audit entries are shown.</p> : null}
          <TimelineList items={timeline.data.items} />
        </>
      )}
    </section>
  );
}
