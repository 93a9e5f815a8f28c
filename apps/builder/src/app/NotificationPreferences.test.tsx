import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationMenu } from './NotificationBell.tsx';
import { PreferencesPanel, type Preferences, type PreferencesPanelProps } from './NotificationPreferences.tsx';

afterEach(cleanup);

const prefs: Preferences = {
  'task.assigned': { inApp: true, email: false },
  'task.escalated': { inApp: true, email: true },
  'sla.warning': { inApp: false, email: true },
};

function setup(props: Partial<PreferencesPanelProps> = {}) {
  const onChange = vi.fn<PreferencesPanelProps['onChange']>();
  render(<PreferencesPanel preferences={prefs} busy={false} error={null} onChange={onChange} {...props} />);
  return { onChange };
}

describe('the notification preferences panel', () => {
  it('shows one labelled group per notice kind with the stored choices', () => {
    setup();
    const assigned = screen.getByRole('group', { name: 'A task is assigned to me' });
    expect((within(assigned).getByRole('checkbox', { name: 'In app' }) as HTMLInputElement).checked).toBe(true);
    expect((within(assigned).getByRole('checkbox', { name: 'E-mail' }) as HTMLInputElement).checked).toBe(false);
    const sla = screen.getByRole('group', { name: 'SLA warning on my task' });
    expect((within(sla).getByRole('checkbox', { name: 'In app' }) as HTMLInputElement).checked).toBe(false);
  });

  it('sends the whole choice for the kind that changed', () => {
    const { onChange } = setup();
    const escalated = screen.getByRole('group', { name: 'A task is escalated to me' });
    fireEvent.click(within(escalated).getByRole('checkbox', { name: 'E-mail' }));
    expect(onChange).toHaveBeenCalledWith('task.escalated', { inApp: true, email: false });
  });

  it('disables the checkboxes while saving and shows an error', () => {
    setup({ busy: true, error: 'Could not save' });
    for (const box of screen.getAllByRole('checkbox')) expect((box as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByRole('alert').textContent).toBe('Could not save');
  });

  it('is reachable from the bell dropdown', () => {
    render(
      <NotificationMenu
        items={[]}
        unreadCount={0}
        loading={false}
        error={null}
        busy={false}
        onMarkRead={() => {}}
        onMarkAllRead={() => {}}
        preferences={<PreferencesPanel preferences={prefs} busy={false} error={null} onChange={() => {}} />}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    expect(screen.queryByRole('region', { name: 'Notification preferences' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Preferences' }));
    expect(screen.getByRole('region', { name: 'Notification preferences' })).toBeTruthy();
  });
});
