import { useMutation, useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import type { InputField } from '@trackway/schema';
import { useState, type FormEvent } from 'react';
import { ErrorState, Loading } from '../app/states.tsx';
import type { RouterOutputs } from '../lib/api-types.ts';
import { dateTime, relativeTime } from '../lib/format.ts';
import { errorCode, errorMessage, useTRPC } from '../lib/trpc.ts';
import { download, uploadAttachment } from './files.ts';
import { SlaBadge } from './SlaBadge.tsx';
import { humanizeName, TaskForm } from './TaskForm.tsx';

type Task = RouterOutputs['tasks']['get'];
type InboxPage = RouterOutputs['tasks']['inbox'];

export const PRIORITIES: Record<number, string> = { 1: 'Low', 2: 'Normal', 3: 'High', 4: 'Urgent' };
/** The detail refreshes as often as the list: a claim or completion by someone else shows up. */
const POLL_MS = 5_000;

export function assigneeText(task: {
  assigneeId: string | null;
  assigneeName?: string | null;
  groupKey: string | null;
  role: string | null;
}) {
  if (task.assigneeId) return task.assigneeName ?? 'a person';
  if (task.groupKey) return `group ${task.groupKey}`;
  if (task.role) return `role ${task.role.replace('_', ' ')}`;
  return 'nobody';
}

/** One task: what to do, for whom, by when; the form; and everything around it. */
export function TaskDetail({ id, onGone }: { id: string; onGone: () => void }) {
  const trpc = useTRPC();
  const task = useQuery(trpc.tasks.get.queryOptions({ id }, { refetchInterval: POLL_MS }));
  if (task.isPending) return <Loading what="the task" />;
  if (task.isError) {
    if (errorCode(task.error) === 'NOT_FOUND') {
      return (
        <div className="state state-empty" role="alert">
          <h2>This task is not in your inbox</h2>
          <p>It does not exist, or it is addressed to someone else.</p>
          <button type="button" className="btn" onClick={onGone}>
            Back to the list
          </button>
        </div>
      );
    }
    return <ErrorState error={task.error} retry={() => void task.refetch()} />;
  }
  return <TaskView task={task.data} />;
}

function TaskView({ task }: { task: Task }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  const [actionError, setActionError] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tasks.get.queryKey({ id: task.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.inbox.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.counts.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.tasks.timeline.queryKey({ id: task.id }) }),
    ]);
  const getKey = trpc.tasks.get.queryKey({ id: task.id });

  /** Claimed at once on screen; put back if the server says someone was faster. */
  const claim = useMutation(
    trpc.tasks.claim.mutationOptions({
      onMutate: async () => {
        setActionError(null);
        await queryClient.cancelQueries({ queryKey: getKey });
        await queryClient.cancelQueries({ queryKey: trpc.tasks.inbox.pathKey() });
        const before = queryClient.getQueryData<Task>(getKey);
        const lists = queryClient.getQueriesData<InfiniteData<InboxPage>>({ queryKey: trpc.tasks.inbox.pathKey() });
        const myId = me.data?.id ?? 'me';
        if (before) {
          queryClient.setQueryData<Task>(getKey, {
            ...before,
            claimedBy: myId,
            claimedByName: me.data?.displayName ?? 'you',
            can: { ...before.can, claim: false, unclaim: true },
          });
        }
        for (const [key, data] of lists) {
          if (!data) continue;
          queryClient.setQueryData<InfiniteData<InboxPage>>(key, {
            ...data,
            pages: data.pages.map((p) => ({
              ...p,
              items: p.items.map((t) => (t.id === task.id ? { ...t, claimedBy: myId, claimedByName: me.data?.displayName ?? 'you' } : t)),
            })),
          });
        }
        return { before, lists };
      },
      onError: (error, _input, context) => {
        if (context?.before) queryClient.setQueryData(getKey, context.before);
        for (const [key, data] of context?.lists ?? []) queryClient.setQueryData(key, data);
        setActionError(errorMessage(error));
      },
      onSettled: () => void refresh(),
    }),
  );
  const unclaim = useMutation(
    trpc.tasks.unclaim.mutationOptions({
      onMutate: () => setActionError(null),
      onError: (error) => setActionError(errorMessage(error)),
      onSettled: () => void refresh(),
    }),
  );
  const complete = useMutation(trpc.tasks.complete.mutationOptions({ onSuccess: () => void refresh() }));

  const open = task.status === 'open';
  const claimedByOther = task.claimedBy !== null && task.claimedBy !== me.data?.id;
  return (
    <article className="task-detail stack" aria-labelledby="task-title">
      <header className="task-header stack">
        <div className="row row-between">
          <h2 id="task-title" tabIndex={-1}>
            {task.title}
          </h2>
          <div className="row">
            {open ? <SlaBadge sla={task.sla} dueAt={task.dueAt} /> : null}
            <span className={`badge priority priority-${task.priority}`}>{PRIORITIES[task.priority] ?? task.priority}</span>
            <span className={`badge status-${task.status === 'open' ? 'waiting' : task.status}`}>{task.status.replace('_', ' ')}</span>
          </div>
        </div>
        <dl className="task-meta">
          <div>
            <dt>Flow</dt>
            <dd>{task.flowName ?? '—'}</dd>
          </div>
          <div>
            <dt>Case</dt>
            <dd className="mono">{task.run?.businessKey ?? '—'}</dd>
          </div>
          <div>
            <dt>For</dt>
            <dd>{assigneeText(task)}</dd>
          </div>
          <div>
            <dt>Claimed by</dt>
            <dd>{task.claimedBy ? (task.claimedBy === me.data?.id ? 'you' : (task.claimedByName ?? 'someone')) : 'nobody yet'}</dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd title={dateTime(task.createdAt)}>{relativeTime(task.createdAt)}</dd>
          </div>
          {task.dueAt ? (
            <div>
              <dt>Due</dt>
              <dd>{dateTime(task.dueAt)}</dd>
            </div>
          ) : null}
          {!open ? (
            <div>
              <dt>Outcome</dt>
              <dd>
                {task.outcome ? humanizeName(task.outcome) : task.status.replace('_', ' ')}
                {task.completedByName ? ` by ${task.completedByName}` : ''}
              </dd>
            </div>
          ) : null}
        </dl>
        <div className="row task-actions">
          {task.can.claim ? (
            <button type="button" className="btn btn-primary" onClick={() => claim.mutate({ id: task.id })} disabled={claim.isPending}>
              Claim
            </button>
          ) : null}
          {task.can.unclaim ? (
            <button type="button" className="btn" onClick={() => unclaim.mutate({ id: task.id })} disabled={unclaim.isPending}>
              Release
            </button>
          ) : null}
          {task.can.delegate ? <Delegate task={task} onDone={refresh} onError={setActionError} /> : null}
          {task.can.manage ? <Manage task={task} onDone={refresh} onError={setActionError} /> : null}
        </div>
        {actionError ? (
          <p className="form-error" role="alert">
            {actionError}
          </p>
        ) : null}
      </header>

      {task.instructions ? <p className="task-instructions">{task.instructions}</p> : null}

      <section className="card task-section" aria-labelledby="task-form-title">
        <h3 id="task-form-title">{open ? 'Your decision' : 'Submitted'}</h3>
        {open ? (
          <>
            {claimedByOther && !task.can.complete ? (
              <p className="muted small">{task.claimedByName ?? 'Someone'} is working on this task.</p>
            ) : null}
            <TaskForm
              key={task.id}
              fields={task.form as unknown as InputField[]}
              outcomes={task.outcomes}
              enabled={task.can.complete && !complete.isSuccess}
              busy={complete.isPending}
              error={complete.isError ? errorMessage(complete.error) : null}
              onComplete={(outcome, data) => complete.mutate({ id: task.id, outcome, data })}
            />
          </>
        ) : (
          <pre className="task-data mono">{JSON.stringify(task.data ?? {}, null, 2)}</pre>
        )}
        {complete.isSuccess ? (
          <p className="form-ok" role="status">
            Completed: the run goes on.
          </p>
        ) : null}
      </section>

      {task.customerId ? <CustomerCard id={task.customerId} /> : null}
      <ContextCard context={task.context} />
      <Timeline id={task.id} />
      <Documents runId={task.runId} />
      <Comments id={task.id} canComment={task.can.comment} />
      <Attachments id={task.id} canAttach={task.can.attach} />
    </article>
  );
}

function Delegate({ task, onDone, onError }: { task: Task; onDone: () => unknown; onError: (m: string | null) => void }) {
  const trpc = useTRPC();
  const people = useQuery(trpc.tasks.delegates.queryOptions({ id: task.id }, { staleTime: 30_000 }));
  const [to, setTo] = useState('');
  const delegate = useMutation(
    trpc.tasks.delegate.mutationOptions({
      onMutate: () => onError(null),
      onSuccess: () => {
        setTo('');
        void onDone();
      },
      onError: (error) => onError(errorMessage(error)),
    }),
  );
  return (
    <div className="row">
      <select className="input" aria-label="Hand over to" value={to} onChange={(e) => setTo(e.target.value)}>
        <option value="">Hand over to…</option>
        {(people.data ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.displayName}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn"
        disabled={!to || delegate.isPending}
        onClick={() => delegate.mutate({ id: task.id, userId: to })}
      >
        Hand over
      </button>
    </div>
  );
}

/** Managers: move the task to any person or group, change its priority. */
function Manage({ task, onDone, onError }: { task: Task; onDone: () => unknown; onError: (m: string | null) => void }) {
  const trpc = useTRPC();
  const groups = useQuery(trpc.directory.groups.queryOptions(undefined, { staleTime: 60_000 }));
  const users = useQuery(trpc.directory.users.queryOptions({ limit: 500 }, { staleTime: 60_000 }));
  const [to, setTo] = useState('');
  const options = {
    onMutate: () => onError(null),
    onSuccess: () => void onDone(),
    onError: (error: unknown) => onError(errorMessage(error)),
  };
  const reassign = useMutation(
    trpc.tasks.reassign.mutationOptions({
      ...options,
      onSuccess: () => {
        setTo('');
        void onDone();
      },
    }),
  );
  const priority = useMutation(trpc.tasks.setPriority.mutationOptions(options));
  const submit = () => {
    const [kind, value] = [to.slice(0, to.indexOf(':')), to.slice(to.indexOf(':') + 1)];
    if (kind === 'group') reassign.mutate({ id: task.id, to: { kind: 'group', group: value } });
    if (kind === 'user') reassign.mutate({ id: task.id, to: { kind: 'user', userId: value } });
  };
  return (
    <>
      <div className="row">
        <select className="input" aria-label="Reassign to" value={to} onChange={(e) => setTo(e.target.value)}>
          <option value="">Reassign to…</option>
          <optgroup label="Groups">
            {(groups.data ?? []).map((g) => (
              <option key={g.key} value={`group:${g.key}`}>
                {g.name}
              </option>
            ))}
          </optgroup>
          <optgroup label="People">
            {(users.data ?? [])
              .filter((u) => u.roles.some((r) => r === 'staff' || r === 'manager' || r === 'admin' || r === 'process_owner'))
              .map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.displayName}
                </option>
              ))}
          </optgroup>
        </select>
        <button type="button" className="btn" disabled={!to || reassign.isPending} onClick={submit}>
          Reassign
        </button>
      </div>
      <label className="field-inline">
        <span>Priority</span>
        <select
          className="input"
          aria-label="Priority"
          value={task.priority}
          disabled={priority.isPending}
          onChange={(e) => priority.mutate({ id: task.id, priority: Number(e.target.value) })}
        >
          {[4, 3, 2, 1].map((p) => (
            <option key={p} value={p}>
              {PRIORITIES[p]}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function CustomerCard({ id }: { id: string }) {
  const trpc = useTRPC();
  const customer = useQuery(trpc.customers.get.queryOptions({ id }, { staleTime: 60_000 }));
  return (
    <section className="card task-section" aria-labelledby="task-customer-title">
      <h3 id="task-customer-title">Customer</h3>
      {customer.isPending ? (
        <p className="muted small">Loading…</p>
      ) : customer.isError ? (
        <p className="muted small">{errorMessage(customer.error)}</p>
      ) : (
        <div className="stack">
          <p>
            <strong>{customer.data.name}</strong> <span className="badge">{customer.data.tier}</span>{' '}
            {customer.data.segment ? <span className="muted small">{customer.data.segment}</span> : null}
          </p>
          {customer.data.accountManager ? <p className="small">Account manager: {customer.data.accountManager.displayName}</p> : null}
          {customer.data.contacts.length > 0 ? (
            <ul className="plain small">
              {customer.data.contacts.map((c) => (
                <li key={`${c.kind}:${c.value}`}>
                  {c.kind}: <span className="mono">{c.value}</span> {c.primary ? <span className="muted">(primary)</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {customer.data.openProblems.length > 0 ? (
            <div>
              <h4>Open problems</h4>
              <ul className="plain small">
                {customer.data.openProblems.map((p, i) => (
                  <li key={i}>
                    {p.subject} <span className="muted">({p.kind})</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {customer.data.recentRequests.length > 0 ? (
            <div>
              <h4>Recent requests</h4>
              <ul className="plain small">
                {customer.data.recentRequests.slice(0, 5).map((r, i) => (
                  <li key={i}>
                    {r.subject} <span className="muted">({r.status})</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      )}
    </section>
  );
}

function ContextCard({ context }: { context: unknown }) {
  const value = typeof context === 'object' && context !== null && 'value' in context ? (context as { value: unknown }).value : null;
  if (value === null || value === undefined) return null;
  return (
    <section className="card task-section" aria-labelledby="task-context-title">
      <h3 id="task-context-title">Context</h3>
      <pre className="task-data mono">{JSON.stringify(value, null, 2)}</pre>
    </section>
  );
}

function Timeline({ id }: { id: string }) {
  const trpc = useTRPC();
  const timeline = useQuery(trpc.tasks.timeline.queryOptions({ id }, { refetchInterval: POLL_MS }));
  return (
    <section className="card task-section" aria-labelledby="task-timeline-title">
      <h3 id="task-timeline-title">Run timeline</h3>
      {timeline.isPending ? (
        <p className="muted small">Loading…</p>
      ) : timeline.isError ? (
        <p className="muted small">{errorMessage(timeline.error)}</p>
      ) : !timeline.data.steps ? (
        <p className="muted small">
          {timeline.data.run
            ? `The run is ${timeline.data.run.status}; its steps are not available right now.`
            : 'The run is not recorded.'}
        </p>
      ) : (
        <ol className="timeline" aria-label="Steps">
          {timeline.data.steps.map((s) => (
            <li key={s.nodeId} className={`timeline-step step-${s.status}`}>
              <span className={`badge status-${s.status}`}>{s.status}</span> {s.label}
              <span className="muted small" title={dateTime(s.startedAt)}>
                {' '}
                · {relativeTime(s.startedAt)}
                {s.port ? ` · → ${s.port}` : ''}
              </span>
              {s.error ? <div className="form-error small">{s.error}</div> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Documents({ runId }: { runId: string }) {
  const trpc = useTRPC();
  const documents = useQuery(trpc.documents.list.queryOptions({ runId }, { staleTime: 15_000 }));
  const [error, setError] = useState<string | null>(null);
  if (documents.isError || (documents.data?.length ?? 0) === 0) return null;
  return (
    <section className="card task-section" aria-labelledby="task-documents-title">
      <h3 id="task-documents-title">Documents</h3>
      <ul className="plain">
        {(documents.data ?? []).map((d) => (
          <li key={d.id}>
            {d.templateKey} v{d.version} <span className="badge">{d.stage}</span>{' '}
            {d.formats.map((f) => (
              <button
                key={f}
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() =>
                  download(`/api/documents/${d.id}/${f}`, `${d.templateKey}-v${d.version}.${f}`).catch((e: unknown) =>
                    setError(errorMessage(e)),
                  )
                }
              >
                {f.toUpperCase()}
              </button>
            ))}
          </li>
        ))}
      </ul>
      {error ? <p className="form-error small">{error}</p> : null}
    </section>
  );
}

function Comments({ id, canComment }: { id: string; canComment: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const comments = useQuery(trpc.tasks.comments.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const [body, setBody] = useState('');
  const add = useMutation(
    trpc.tasks.comment.mutationOptions({
      onSuccess: () => {
        setBody('');
        void queryClient.invalidateQueries({ queryKey: trpc.tasks.comments.queryKey({ id }) });
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) add.mutate({ id, body });
  };
  return (
    <section className="card task-section" aria-labelledby="task-comments-title">
      <h3 id="task-comments-title">Comments</h3>
      {(comments.data ?? []).length === 0 ? <p className="muted small">No comments yet.</p> : null}
      <ul className="plain comments">
        {(comments.data ?? []).map((c) => (
          <li key={c.id}>
            <strong>{c.authorName ?? 'Someone'}</strong>{' '}
            <span className="muted small" title={dateTime(c.createdAt)}>
              {relativeTime(c.createdAt)}
            </span>
            <p>{c.body}</p>
          </li>
        ))}
      </ul>
      {canComment ? (
        <form className="stack" onSubmit={submit}>
          <label className="field-label" htmlFor={`comment-${id}`}>
            Add a comment
          </label>
          <textarea
            id={`comment-${id}`}
            className="input"
            rows={2}
            value={body}
            maxLength={5000}
            onChange={(e) => setBody(e.target.value)}
          />
          {add.isError ? <p className="form-error small">{errorMessage(add.error)}</p> : null}
          <div className="row">
            <button type="submit" className="btn" disabled={!body.trim() || add.isPending}>
              Comment
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

function Attachments({ id, canAttach }: { id: string; canAttach: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const files = useQuery(trpc.tasks.attachments.queryOptions({ id }, { refetchInterval: POLL_MS }));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await uploadAttachment(id, file);
      await queryClient.invalidateQueries({ queryKey: trpc.tasks.attachments.queryKey({ id }) });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card task-section" aria-labelledby="task-files-title">
      <h3 id="task-files-title">Attachments</h3>
      {(files.data ?? []).length === 0 ? <p className="muted small">No files attached.</p> : null}
      <ul className="plain">
        {(files.data ?? []).map((f) => (
          <li key={f.id}>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => download(`/api/tasks/${id}/attachments/${f.id}`, f.fileName).catch((e: unknown) => setError(errorMessage(e)))}
            >
              {f.fileName}
            </button>{' '}
            <span className="muted small">
              {(f.size / 1024).toFixed(0)} KB · {f.uploadedByName ?? 'someone'} · {relativeTime(f.createdAt)}
            </span>
          </li>
        ))}
      </ul>
      {canAttach ? (
        <label className="field">
          <span>Attach a file (PDF, image, Word, Excel, text; at most 5 MB)</span>
          <input
            type="file"
            disabled={busy}
            accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.txt,.log,.csv"
            onChange={(e) => {
              void upload(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
      ) : null}
      {error ? (
        <p className="form-error small" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
