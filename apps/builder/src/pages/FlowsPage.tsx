import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import { Dialog, FormActions } from '../app/Dialog.tsx';
import type { FlowSummary } from '../lib/api-types.ts';
import { relativeTime } from '../lib/format.ts';
import { Link, navigate } from '../lib/router.tsx';
import { errorMessage, useTRPC, useTRPCClient } from '../lib/trpc.ts';

export function FlowsPage({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [includeArchived, setIncludeArchived] = useState(false);
  const [creating, setCreating] = useState(false);
  const deferred = useDeferredValue(search.trim());
  const flows = useQuery(trpc.flows.list.queryOptions({ ...(deferred ? { search: deferred } : {}), includeArchived }));

  return (
    <div className="page">
      <div className="page-header">
        <h1>Flows</h1>
        <div className="row">
          <input
            type="search"
            className="input"
            placeholder="Search by name or key"
            aria-label="Search flows"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
          <label className="check">
            <input type="checkbox" checked={includeArchived} onChange={(e) => setIncludeArchived(e.target.checked)} /> Show archived
          </label>
          {canEdit ? (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
              New flow
            </button>
          ) : null}
        </div>
      </div>
      {flows.isPending ? (
        <Loading what="flows" />
      ) : flows.isError ? (
        <ErrorState error={flows.error} retry={() => void flows.refetch()} />
      ) : flows.data.length === 0 ? (
        <Empty title={deferred ? `No flow matches “${deferred}”` : 'No flows yet'}>
          {canEdit && !deferred ? <p>Create the first one with “New flow”.</p> : null}
        </Empty>
      ) : (
        <FlowTable flows={flows.data} canEdit={canEdit} />
      )}
      {creating ? <CreateFlowDialog onClose={() => setCreating(false)} /> : null}
    </div>
  );
}

function FlowTable({ flows, canEdit }: { flows: readonly FlowSummary[]; canEdit: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
  const archive = useMutation(
    trpc.flows.archive.mutationOptions({ onSuccess: () => void invalidate(), onError: (e) => setProblem(errorMessage(e)) }),
  );
  const duplicate = useMutation({
    mutationFn: async (flow: FlowSummary) => {
      const source = await client.flows.get.query({ id: flow.id });
      const key = await freeKey(client, `${flow.key}-copy`);
      const name = `${flow.name} (copy)`;
      const created = await client.flows.create.mutate({ key, name, description: flow.description });
      const definition = {
        ...(source.draft as Record<string, unknown>),
        metadata: { ...(source.draft as { metadata: object }).metadata, name },
      };
      await client.flows.saveDraft.mutate({ id: created.id, revision: created.draftRevision, definition: definition as never });
      return created;
    },
    onSuccess: () => void invalidate(),
    onError: (e) => setProblem(errorMessage(e)),
  });

  return (
    <>
      {problem ? (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      ) : null}
      <table className="table" aria-label="Flows">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Owner</th>
            <th scope="col">Last change</th>
            {canEdit ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {flows.map((flow) => (
            <tr key={flow.id} className={flow.archivedAt ? 'archived' : undefined}>
              <td>
                <Link to={`/flows/${flow.id}`} className="strong">
                  {flow.name}
                </Link>
                <div className="muted small mono">{flow.key}</div>
              </td>
              <td>
                {flow.archivedAt ? (
                  <span className="badge">Archived</span>
                ) : flow.latestVersion ? (
                  <span className="badge badge-ok">Published v{flow.latestVersion.version}</span>
                ) : (
                  <span className="badge badge-draft">Draft</span>
                )}
              </td>
              <td>{flow.owner.displayName}</td>
              <td title={new Date(flow.updatedAt).toLocaleString()}>{relativeTime(flow.updatedAt)}</td>
              {canEdit ? (
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={`Duplicate ${flow.name}`}
                    disabled={duplicate.isPending}
                    onClick={() => duplicate.mutate(flow)}
                  >
                    Duplicate
                  </button>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    aria-label={`${flow.archivedAt ? 'Restore' : 'Archive'} ${flow.name}`}
                    disabled={archive.isPending}
                    onClick={() => {
                      if (flow.archivedAt || confirm(`Archive “${flow.name}”? It stops accepting new runs; you can restore it later.`)) {
                        archive.mutate({ id: flow.id, archived: !flow.archivedAt });
                      }
                    }}
                  >
                    {flow.archivedAt ? 'Restore' : 'Archive'}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

async function freeKey(client: ReturnType<typeof useTRPCClient>, base: string): Promise<string> {
  const existing = new Set((await client.flows.list.query({ search: base, includeArchived: true })).map((f) => f.key));
  const stem = base.slice(0, 58);
  if (!existing.has(stem)) return stem;
  for (let i = 2; ; i += 1) if (!existing.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** "Invoice follow-up" -> "invoice-follow-up": the key must be lower-case letters, digits and "-". */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63);
  return slug.length >= 2 ? slug : '';
}

function CreateFlowDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const effectiveKey = keyTouched ? key : slugify(name);
  const create = useMutation(
    trpc.flows.create.mutationOptions({
      onSuccess: (flow) => {
        void queryClient.invalidateQueries({ queryKey: trpc.flows.list.pathKey() });
        navigate(`/flows/${flow.id}`);
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), key: effectiveKey });
  };
  return (
    <Dialog title="New flow" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>Name</span>
          <input className="input" value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} autoFocus />
        </label>
        <label className="field">
          <span>Key</span>
          <input
            className="input mono"
            value={effectiveKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
            required
            pattern="[a-z][a-z0-9\-]{1,62}"
            aria-describedby="flow-key-help"
          />
          <small id="flow-key-help" className="muted">
            Lower-case letters, digits and “-”. Part of every run's id; it cannot change later.
          </small>
        </label>
        <FormActions
          error={create.isError ? errorMessage(create.error) : null}
          onCancel={onClose}
          busy={create.isPending}
          label="Create flow"
          busyLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}
