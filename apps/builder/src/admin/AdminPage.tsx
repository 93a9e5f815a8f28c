import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Dialog, FormActions } from '../app/Dialog.tsx';
import { ErrorState, Loading } from '../app/states.tsx';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import { slugify } from '../pages/FlowsPage.tsx';
import { GroupsPanel } from './GroupsPanel.tsx';
import { ROLE_LABELS, type Role } from './roles.ts';
import { UsersTable, type AdminUser } from './UsersTable.tsx';
import './admin.css';

/** Accounts, roles and groups (admin only; the server enforces it, the page just says so). */
export function AdminPage() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  if (me.data && !me.data.roles.includes('admin')) {
    return (
      <div className="state">
        <h2>Admins only</h2>
        <p>Accounts, roles and groups are managed by an administrator.</p>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1>Admin</h1>
      </div>
      <UsersSection meId={me.data?.id} />
      <GroupsSection />
    </div>
  );
}

function useInvalidateAdmin() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.users.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.groups.list.pathKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.auth.me.pathKey() }),
    ]);
}

function UsersSection({ meId }: { meId: string | undefined }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAdmin();
  const users = useQuery(trpc.users.list.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [passwordFor, setPasswordFor] = useState<AdminUser | null>(null);
  const update = useMutation(
    trpc.users.update.mutationOptions({
      onMutate: () => {
        setProblem(null);
        setNotice(null);
      },
      onSuccess: () => void invalidate(),
      onError: (e) => setProblem(errorMessage(e)),
    }),
  );
  return (
    <section className="admin-section" aria-labelledby="admin-users">
      <div className="row row-between">
        <h2 id="admin-users">Users</h2>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      </div>
      {problem ? (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      ) : null}
      {notice ? (
        <p className="banner banner-ok" role="status">
          {notice}
        </p>
      ) : null}
      {users.isPending ? (
        <Loading what="users" />
      ) : users.isError ? (
        <ErrorState error={users.error} retry={() => void users.refetch()} />
      ) : (
        <UsersTable
          users={users.data}
          meId={meId}
          busyId={update.isPending ? (update.variables?.id ?? null) : null}
          onRoles={(user, roles) => update.mutate({ id: user.id, roles })}
          onDisabled={(user, disabled) => update.mutate({ id: user.id, disabled })}
          onSetPassword={setPasswordFor}
          onProblem={setProblem}
        />
      )}
      {creating ? <CreateUserDialog onClose={() => setCreating(false)} /> : null}
      {passwordFor ? (
        <SetPasswordDialog
          user={passwordFor}
          onClose={() => setPasswordFor(null)}
          onDone={() => {
            setNotice(`New password set for ${passwordFor.email}. Their other sessions have ended.`);
            setPasswordFor(null);
          }}
        />
      ) : null}
    </section>
  );
}

function GroupsSection() {
  const trpc = useTRPC();
  const invalidate = useInvalidateAdmin();
  const groups = useQuery(trpc.groups.list.queryOptions());
  const users = useQuery(trpc.users.list.queryOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const options = {
    onMutate: () => setProblem(null),
    onSuccess: () => void invalidate(),
    onError: (e: unknown) => setProblem(errorMessage(e)),
  };
  const add = useMutation(trpc.groups.addMember.mutationOptions(options));
  const remove = useMutation(trpc.groups.removeMember.mutationOptions(options));
  return (
    <section className="admin-section" aria-labelledby="admin-groups">
      <div className="row row-between">
        <h2 id="admin-groups">Groups</h2>
        <button type="button" className="btn" onClick={() => setCreating(true)}>
          New group
        </button>
      </div>
      {problem ? (
        <p className="banner banner-error" role="alert">
          {problem}
        </p>
      ) : null}
      {groups.isPending ? (
        <Loading what="groups" />
      ) : groups.isError ? (
        <ErrorState error={groups.error} retry={() => void groups.refetch()} />
      ) : (
        <GroupsPanel
          groups={groups.data}
          users={users.data ?? []}
          busy={add.isPending || remove.isPending}
          onAdd={(group, userId) => add.mutate({ groupKey: group.key, userId })}
          onRemove={(group, member) => remove.mutate({ groupKey: group.key, userId: member.id })}
        />
      )}
      {creating ? <CreateGroupDialog onClose={() => setCreating(false)} /> : null}
    </section>
  );
}

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAdmin();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['staff']);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: () => {
        void invalidate();
        onClose();
      },
    }),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (roles.length === 0) return setProblem('Choose at least one role.');
    setProblem(null);
    create.mutate({ email: email.trim(), displayName: displayName.trim(), roles, ...(password ? { password } : {}) });
  };
  return (
    <Dialog title="New user" onClose={onClose}>
      <form onSubmit={submit} className="stack">
        <label className="field">
          <span>E-mail</span>
          <input
            className="input"
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            maxLength={320}
            autoFocus
          />
        </label>
        <label className="field">
          <span>Display name</span>
          <input className="input" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required maxLength={200} />
        </label>
        <fieldset className="field-group">
          <legend>Roles</legend>
          <div className="admin-roles">
            {ROLE_LABELS.map(([role, label]) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  checked={roles.includes(role)}
                  onChange={(e) => setRoles((rs) => (e.target.checked ? [...rs, role] : rs.filter((r) => r !== role)))}
                />
                {label}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span>Password</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            minLength={12}
            maxLength={256}
            aria-describedby="new-user-password-help"
          />
          <small id="new-user-password-help" className="muted">
            At least 12 characters. Leave it empty to set one later.
          </small>
        </label>
        <FormActions
          error={problem ?? (create.isError ? errorMessage(create.error) : null)}
          onCancel={onClose}
          busy={create.isPending}
          label="Create user"
          busyLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}

function SetPasswordDialog({ user, onClose, onDone }: { user: AdminUser; onClose: () => void; onDone: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAdmin();
  const [password, setPassword] = useState('');
  const set = useMutation(
    trpc.users.setPassword.mutationOptions({
      onSuccess: () => {
        void invalidate();
        onDone();
      },
    }),
  );
  return (
    <Dialog title={`Set a password for ${user.displayName}`} onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          set.mutate({ id: user.id, password });
        }}
      >
        <label className="field">
          <span>New password</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={12}
            maxLength={256}
            aria-describedby="set-password-help"
            autoFocus
          />
          <small id="set-password-help" className="muted">
            At least 12 characters. {user.email} is signed out everywhere and signs in with this one.
          </small>
        </label>
        <FormActions
          error={set.isError ? errorMessage(set.error) : null}
          onCancel={onClose}
          busy={set.isPending}
          label="Set password"
          busyLabel="Saving…"
        />
      </form>
    </Dialog>
  );
}

function CreateGroupDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateAdmin();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const effectiveKey = keyTouched ? key : slugify(name);
  const create = useMutation(
    trpc.groups.create.mutationOptions({
      onSuccess: () => {
        void invalidate();
        onClose();
      },
    }),
  );
  return (
    <Dialog title="New group" onClose={onClose}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ key: effectiveKey, name: name.trim() });
        }}
      >
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
            aria-describedby="group-key-help"
          />
          <small id="group-key-help" className="muted">
            Lower-case letters, digits and “-”. Flows assign tasks to it (group:key); it cannot change later.
          </small>
        </label>
        <FormActions
          error={create.isError ? errorMessage(create.error) : null}
          onCancel={onClose}
          busy={create.isPending}
          label="Create group"
          busyLabel="Creating…"
        />
      </form>
    </Dialog>
  );
}
