import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupsPanel, type AdminGroup, type GroupsPanelProps } from './GroupsPanel.tsx';
import { toggledRoles } from './roles.ts';
import { UsersTable, type AdminUser, type UsersTableProps } from './UsersTable.tsx';

afterEach(cleanup);

const user = (id: string, email: string, roles: AdminUser['roles'], extra: Partial<AdminUser> = {}) =>
  ({
    id,
    email,
    displayName: email.split('@')[0],
    roles,
    disabled: false,
    disabledAt: null,
    hasPassword: true,
    hasApiToken: false,
    createdAt: '2026-03-02T09:00:00.000Z',
    groups: [],
    ...extra,
  }) as AdminUser;

const ada = user('u1', 'ada@x.test', ['admin']);
const sam = user('u2', 'sam@x.test', ['staff'], { groups: [{ key: 'support', name: 'Support' }] });
const old = user('u3', 'old@x.test', ['auditor'], { disabled: true, hasPassword: false });

function renderUsers(props: Partial<UsersTableProps> = {}) {
  const handlers = {
    onRoles: vi.fn<UsersTableProps['onRoles']>(),
    onDisabled: vi.fn<UsersTableProps['onDisabled']>(),
    onSetPassword: vi.fn<UsersTableProps['onSetPassword']>(),
    onProblem: vi.fn<UsersTableProps['onProblem']>(),
  };
  render(<UsersTable users={[ada, sam, old]} meId="u1" busyId={null} {...handlers} {...props} />);
  return handlers;
}

describe('roles', () => {
  it('toggling keeps a stable order and refuses to leave none', () => {
    expect(toggledRoles(['staff'], 'admin', true)).toEqual(['admin', 'staff']);
    expect(toggledRoles(['staff', 'manager'], 'staff', false)).toEqual(['manager']);
    expect(toggledRoles(['staff'], 'staff', false)).toBeNull();
  });
});

describe('the users table', () => {
  it('shows each user with labelled role checkboxes, groups and status', () => {
    renderUsers();
    const samRoles = screen.getByRole('group', { name: 'Roles of sam@x.test' });
    expect((within(samRoles).getByLabelText('Staff') as HTMLInputElement).checked).toBe(true);
    expect((within(samRoles).getByLabelText('Manager') as HTMLInputElement).checked).toBe(false);
    const rows = screen.getAllByRole('row');
    expect(rows[2]?.textContent).toContain('Support');
    expect(rows[3]?.textContent).toContain('Disabled');
    expect(rows[3]?.textContent).toContain('no password');
  });

  it('ticking a role saves the whole new set; unticking the last one is refused without a call', () => {
    const { onRoles, onProblem } = renderUsers();
    const samRoles = screen.getByRole('group', { name: 'Roles of sam@x.test' });
    fireEvent.click(within(samRoles).getByLabelText('Manager'));
    expect(onRoles).toHaveBeenCalledWith(sam, ['manager', 'staff']);
    fireEvent.click(within(samRoles).getByLabelText('Staff'));
    expect(onRoles).toHaveBeenCalledTimes(1);
    expect(onProblem).toHaveBeenCalledWith('sam@x.test needs at least one role.');
  });

  it('the signed-in admin cannot untick their own admin role or disable themselves', () => {
    const { onDisabled } = renderUsers();
    const mine = screen.getByRole('group', { name: 'Roles of ada@x.test' });
    expect((within(mine).getByLabelText('Admin') as HTMLInputElement).disabled).toBe(true);
    expect(screen.queryByRole('button', { name: 'Disable ada@x.test' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Disable sam@x.test' }));
    fireEvent.click(screen.getByRole('button', { name: 'Enable old@x.test' }));
    expect(onDisabled.mock.calls).toEqual([
      [sam, true],
      [old, false],
    ]);
  });

  it('a user whose change is on its way cannot be changed again until it lands', () => {
    renderUsers({ busyId: 'u2' });
    expect((screen.getByRole('group', { name: 'Roles of sam@x.test' }) as HTMLFieldSetElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Set a password for sam@x.test' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('the groups panel', () => {
  const support = {
    id: 'g1',
    key: 'support',
    name: 'Support',
    createdAt: '2026-03-02T09:00:00.000Z',
    members: [{ id: 'u2', email: 'sam@x.test', displayName: 'sam', disabled: false }],
  } as AdminGroup;

  function renderGroups(props: Partial<GroupsPanelProps> = {}) {
    const onAdd = vi.fn<GroupsPanelProps['onAdd']>();
    const onRemove = vi.fn<GroupsPanelProps['onRemove']>();
    render(<GroupsPanel groups={[support]} users={[ada, sam, old]} busy={false} onAdd={onAdd} onRemove={onRemove} {...props} />);
    return { onAdd, onRemove };
  }

  it('lists members with a labelled remove button', () => {
    const { onRemove } = renderGroups();
    const region = screen.getByRole('region', { name: 'Support' });
    expect(within(region).getByRole('list', { name: 'Members of Support' }).textContent).toContain('sam@x.test');
    fireEvent.click(within(region).getByRole('button', { name: 'Remove sam@x.test from Support' }));
    expect(onRemove).toHaveBeenCalledWith(support, support.members[0]);
  });

  it('offers only enabled non-members to add, and adds the one picked', () => {
    const { onAdd } = renderGroups();
    const select = screen.getByLabelText('Add a member to Support') as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(['Choose a person…', 'ada (ada@x.test)']);
    const add = screen.getByRole('button', { name: 'Add' }) as HTMLButtonElement;
    expect(add.disabled).toBe(true);
    fireEvent.change(select, { target: { value: 'u1' } });
    fireEvent.click(add);
    expect(onAdd).toHaveBeenCalledWith(support, 'u1');
    expect(select.value).toBe('');
  });
});
