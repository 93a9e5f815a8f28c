import { useId, useState } from 'react';
import type { RouterOutputs } from '../lib/api-types.ts';
import type { AdminUser } from './UsersTable.tsx';
import './admin.css';

export type AdminGroup = RouterOutputs['groups']['list'][number];

export interface GroupsPanelProps {
  readonly groups: readonly AdminGroup[];
  /** Candidates for membership (disabled accounts are not offered). */
  readonly users: readonly AdminUser[];
  readonly busy: boolean;
  onAdd(group: AdminGroup, userId: string): void;
  onRemove(group: AdminGroup, member: AdminGroup['members'][number]): void;
}

/** Each group with its members: remove with a button, add by picking a person. */
export function GroupsPanel({ groups, users, busy, onAdd, onRemove }: GroupsPanelProps) {
  return (
    <div className="admin-groups">
      {groups.map((group) => (
        <GroupCard key={group.key} group={group} users={users} busy={busy} onAdd={onAdd} onRemove={onRemove} />
      ))}
    </div>
  );
}

function GroupCard({ group, users, busy, onAdd, onRemove }: Omit<GroupsPanelProps, 'groups'> & { group: AdminGroup }) {
  const headingId = useId();
  const [pick, setPick] = useState('');
  const candidates = users.filter((u) => !u.disabled && !group.members.some((m) => m.id === u.id));
  return (
    <section className="card admin-group" aria-labelledby={headingId}>
      <div>
        <h3 id={headingId}>{group.name}</h3>
        <div className="muted small mono">{group.key}</div>
      </div>
      {group.members.length === 0 ? (
        <p className="muted small">No members yet.</p>
      ) : (
        <ul className="admin-members" aria-label={`Members of ${group.name}`}>
          {group.members.map((member) => (
            <li key={member.id}>
              <span>
                {member.displayName} <span className="muted small">{member.email}</span>
                {member.disabled ? <span className="badge">Disabled</span> : null}
              </span>
              <button
                type="button"
                className="btn btn-ghost btn-small"
                disabled={busy}
                aria-label={`Remove ${member.email} from ${group.name}`}
                onClick={() => onRemove(group, member)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="admin-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (!pick) return;
          onAdd(group, pick);
          setPick('');
        }}
      >
        <label className="field">
          <span>Add a member to {group.name}</span>
          <select className="input" value={pick} onChange={(e) => setPick(e.target.value)} disabled={candidates.length === 0}>
            <option value="">{candidates.length === 0 ? 'Everyone is a member' : 'Choose a person…'}</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-small" disabled={busy || !pick}>
          Add
        </button>
      </form>
    </section>
  );
}
