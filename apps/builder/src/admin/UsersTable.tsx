import type { RouterOutputs } from '../lib/api-types.ts';
import { ROLE_LABELS, toggledRoles, type Role } from './roles.ts';
import './admin.css';

export type AdminUser = RouterOutputs['users']['list'][number];

export interface UsersTableProps {
  readonly users: readonly AdminUser[];
  /** The signed-in admin: their own admin role and account cannot be switched off here. */
  readonly meId: string | undefined;
  /** The user whose change is on its way; their controls wait. */
  readonly busyId: string | null;
  onRoles(user: AdminUser, roles: Role[]): void;
  onDisabled(user: AdminUser, disabled: boolean): void;
  onSetPassword(user: AdminUser): void;
  /** Shown when a change cannot be made (e.g. unticking the last role). */
  onProblem(message: string): void;
}

/** Every account with its roles as checkboxes (a change is saved at once), status and password. */
export function UsersTable({ users, meId, busyId, onRoles, onDisabled, onSetPassword, onProblem }: UsersTableProps) {
  return (
    <table className="table" aria-label="Users">
      <thead>
        <tr>
          <th scope="col">User</th>
          <th scope="col">Roles</th>
          <th scope="col">Groups</th>
          <th scope="col">Status</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {users.map((user) => {
          const busy = busyId === user.id;
          const self = user.id === meId;
          return (
            <tr key={user.id} className={user.disabled ? 'archived' : undefined}>
              <td>
                <div className="strong">{user.displayName}</div>
                <div className="muted small">{user.email}</div>
              </td>
              <td>
                <fieldset className="admin-roles" disabled={busy}>
                  <legend className="sr-only">Roles of {user.email}</legend>
                  {ROLE_LABELS.map(([role, label]) => {
                    const checked = user.roles.includes(role);
                    const locked = self && role === 'admin';
                    return (
                      <label key={role} className="check" title={locked ? 'You cannot remove your own admin role.' : undefined}>
                        <input
                          type="checkbox"
                          checked={checked}
                          disabled={locked}
                          onChange={(e) => {
                            const next = toggledRoles(user.roles, role, e.target.checked);
                            if (next) onRoles(user, next);
                            else onProblem(`${user.email} needs at least one role.`);
                          }}
                        />
                        {label}
                      </label>
                    );
                  })}
                </fieldset>
              </td>
              <td className="small">
                {user.groups.length > 0 ? user.groups.map((g) => g.name).join(', ') : <span className="muted">none</span>}
              </td>
              <td>
                {user.disabled ? <span className="badge">Disabled</span> : <span className="badge badge-ok">Active</span>}
                {!user.hasPassword ? <div className="muted small">no password</div> : null}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  disabled={busy}
                  aria-label={`Set a password for ${user.email}`}
                  onClick={() => onSetPassword(user)}
                >
                  Set password
                </button>
                {self ? null : (
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={busy}
                    aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.email}`}
                    onClick={() => onDisabled(user, !user.disabled)}
                  >
                    {user.disabled ? 'Enable' : 'Disable'}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
