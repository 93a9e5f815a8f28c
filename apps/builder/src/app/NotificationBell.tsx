import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { RouterOutputs } from '../lib/api-types.ts';
import { relativeTime } from '../lib/format.ts';
import { Link } from '../lib/router.tsx';
import { errorMessage, useTRPC } from '../lib/trpc.ts';
import { NotificationPreferences } from './NotificationPreferences.tsx';

export type NotificationItem = RouterOutputs['notifications']['mine']['items'][number];

/** New notifications show up within this; the bell is the only place staff learn about them. */
export const POLL_MS = 15_000;

/** The bell in the header: polls the caller's notifications and marks them read. */
export function NotificationBell() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.notifications.mine.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.mine.pathKey() }),
    }),
  );
  return (
    <NotificationMenu
      items={mine.data?.items ?? []}
      unreadCount={mine.data?.unreadCount ?? 0}
      loading={mine.isPending}
      error={mine.isError ? errorMessage(mine.error) : markRead.isError ? errorMessage(markRead.error) : null}
      busy={markRead.isPending}
      onMarkRead={(ids) => markRead.mutate({ ids })}
      onMarkAllRead={() => markRead.mutate({ all: true })}
      preferences={<NotificationPreferences />}
    />
  );
}

export interface NotificationMenuProps {
  readonly items: readonly NotificationItem[];
  readonly unreadCount: number;
  readonly loading: boolean;
  readonly error: string | null;
  readonly busy: boolean;
  onMarkRead(ids: string[]): void;
  onMarkAllRead(): void;
  /** The preferences panel, shown in place of the list on demand (mounted only then, so it loads lazily). */
  readonly preferences?: ReactNode;
}

/** The bell button and its dropdown, without data fetching (so it can be tested on its own). */
export function NotificationMenu({
  items,
  unreadCount,
  loading,
  error,
  busy,
  onMarkRead,
  onMarkAllRead,
  preferences,
}: NotificationMenuProps) {
  const [open, setOpen] = useState(false);
  const [showPreferences, setShowPreferences] = useState(false);
  const panelId = useId();
  const headingId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };

  return (
    <div
      className="bell"
      ref={root}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="btn btn-ghost btn-small bell-button"
        aria-label={unreadCount > 0 ? `Notifications, ${unreadCount} unread` : 'Notifications'}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2">
          <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
          <path d="M13.7 21a2 2 0 0 1-3.4 0" />
        </svg>
        {unreadCount > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {unreadCount > 99 ? '99+' : unreadCount}
          </span>
        ) : null}
      </button>
      {open ? (
        <div id={panelId} className="bell-panel card" role="region" aria-labelledby={headingId}>
          <div className="row row-between pad">
            <h2 id={headingId} className="bell-title">
              Notifications
            </h2>
            <div className="row">
              {preferences ? (
                <button
                  type="button"
                  className="btn btn-ghost btn-small"
                  aria-pressed={showPreferences}
                  onClick={() => setShowPreferences((s) => !s)}
                >
                  Preferences
                </button>
              ) : null}
              <button type="button" className="btn btn-small" disabled={unreadCount === 0 || busy} onClick={onMarkAllRead}>
                Mark all read
              </button>
            </div>
          </div>
          {showPreferences ? preferences : null}
          {error ? (
            <p className="pad bell-error" role="alert">
              {error}
            </p>
          ) : null}
          {loading ? (
            <p className="pad muted">Loading…</p>
          ) : items.length === 0 ? (
            <p className="pad muted">Nothing new.</p>
          ) : (
            <ul className="bell-list">
              {items.map((item) => {
                const unread = item.readAt === null;
                return (
                  <li key={item.id} className={unread ? 'bell-item bell-unread' : 'bell-item'}>
                    <div className="bell-text">
                      {item.link ? (
                        <Link
                          to={item.link}
                          className="strong"
                          onClick={() => {
                            if (unread) onMarkRead([item.id]);
                            setOpen(false);
                          }}
                        >
                          {item.title}
                        </Link>
                      ) : (
                        <span className="strong">{item.title}</span>
                      )}
                      {unread ? <span className="sr-only"> (unread)</span> : null}
                      {item.body ? <span className="bell-body">{item.body}</span> : null}
                      <span className="muted small">{relativeTime(item.createdAt)}</span>
                    </div>
                    {unread ? (
                      <button
                        type="button"
                        className="btn btn-ghost btn-small"
                        disabled={busy}
                        aria-label={`Mark "${item.title}" read`}
                        onClick={() => onMarkRead([item.id])}
                      >
                        Mark read
                      </button>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}
