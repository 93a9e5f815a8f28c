import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotificationMenu, type NotificationItem, type NotificationMenuProps } from './NotificationBell.tsx';

afterEach(cleanup);

const now = new Date().toISOString();
const items: NotificationItem[] = [
  { id: 'n1', title: 'Large invoice INV-7', body: 'Amount: 12000 EUR', link: '/flows/f1?run=r1', readAt: null, createdAt: now },
  { id: 'n2', title: 'Ticket T-9', body: '', link: null, readAt: now, createdAt: now },
] as unknown as NotificationItem[];

function setup(props: Partial<NotificationMenuProps> = {}) {
  const onMarkRead = vi.fn<NotificationMenuProps['onMarkRead']>();
  const onMarkAllRead = vi.fn<NotificationMenuProps['onMarkAllRead']>();
  render(
    <NotificationMenu
      items={items}
      unreadCount={1}
      loading={false}
      error={null}
      busy={false}
      onMarkRead={onMarkRead}
      onMarkAllRead={onMarkAllRead}
      {...props}
    />,
  );
  return { onMarkRead, onMarkAllRead };
}

describe('the notification bell', () => {
  it('says how many are unread in its accessible name and opens a labelled list', () => {
    setup();
    const bell = screen.getByRole('button', { name: 'Notifications, 1 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    fireEvent.click(bell);
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    const panel = screen.getByRole('region', { name: 'Notifications' });
    const entries = within(panel).getAllByRole('listitem');
    expect(entries.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Large invoice INV-7 (unread)Amount: 12000 EUR'),
      expect.stringContaining('Ticket T-9'),
    ]);
    expect(within(panel).getByRole('link', { name: 'Large invoice INV-7' }).getAttribute('href')).toBe('/flows/f1?run=r1');
  });

  it('marks one or all read; read ones offer no button', () => {
    const { onMarkRead, onMarkAllRead } = setup();
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    expect(screen.getAllByRole('button', { name: /^Mark ".*" read$/ })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Mark "Large invoice INV-7" read' }));
    expect(onMarkRead).toHaveBeenCalledWith(['n1']);
    fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(onMarkAllRead).toHaveBeenCalledOnce();
  });

  it('closes on Escape and gives focus back to the bell', () => {
    setup();
    const bell = screen.getByRole('button', { name: /^Notifications/ });
    fireEvent.click(bell);
    fireEvent.keyDown(screen.getByRole('button', { name: 'Mark all read' }), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'Notifications' })).toBeNull();
    expect(document.activeElement).toBe(bell);
  });

  it('with nothing unread: a plain label, no count, and "Mark all read" disabled', () => {
    setup({ unreadCount: 0, items: [] });
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    expect(screen.getByText('Nothing new.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Mark all read' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a failure to load in words', () => {
    setup({ error: 'The server cannot be reached. Check that Trackway is running.' });
    fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    expect(screen.getByRole('alert').textContent).toContain('cannot be reached');
  });
});
