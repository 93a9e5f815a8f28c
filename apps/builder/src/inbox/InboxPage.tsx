import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Empty, ErrorState, Loading } from '../app/states.tsx';
import type { RouterInputs, RouterOutputs } from '../lib/api-types.ts';
import { dateTime, relativeTime } from '../lib/format.ts';
import { navigate } from '../lib/router.tsx';
import { useTRPC } from '../lib/trpc.ts';
import './inbox.css';
import { SlaBadge } from './SlaBadge.tsx';
import { assigneeText, PRIORITIES, TaskDetail } from './TaskDetail.tsx';

type View = 'mine' | 'group' | 'team';
type Filters = NonNullable<Exclude<RouterInputs['tasks']['inbox'], void | undefined>['filters']>;
type Item = RouterOutputs['tasks']['inbox']['items'][number];

/** New and changed tasks show up within this, without a reload. */
export const POLL_MS = 5_000;

const VIEWS: ReadonlyArray<{ view: View; label: string }> = [
  { view: 'mine', label: 'Mine' },
  { view: 'group', label: 'Group queue' },
  { view: 'team', label: 'Team' },
];
const PRIORITY_FILTERS: Record<string, number[]> = { urgent: [4], high: [3, 4], normal: [2, 3, 4], low: [1] };
const SORTS = { priority: 'Priority', due: 'Due date', created: 'Newest' } as const;
const SLA = { breached: 'Breached', warned: 'Warned', ok: 'On time', paused: 'Paused', none: 'No SLA' } as const;
const DUE = { overdue: 'Overdue', today: 'Due today', week: 'Due this week' } as const;
const STATUSES = { open: 'Open', completed: 'Completed', cancelled: 'Cancelled', timed_out: 'Timed out' } as const;

const pick = <T extends string>(value: string | null, allowed: Record<T, unknown> | readonly T[]): T | undefined => {
  const keys = (Array.isArray(allowed) ? allowed : Object.keys(allowed)) as readonly string[];
  return value !== null && keys.includes(value) ? (value as T) : undefined;
};

/** The due window of a due filter, fixed to the minute so the query key stays put between ticks. */
function dueWindow(due: keyof typeof DUE | undefined, minute: number): Pick<Filters, 'dueFrom' | 'dueTo'> {
  if (!due) return {};
  const now = new Date(minute);
  if (due === 'overdue') return { dueTo: now.toISOString() };
  const end = new Date(now);
  end.setHours(24, 0, 0, 0);
  if (due === 'week') end.setDate(end.getDate() + 6);
  return { dueTo: end.toISOString() };
}

function useMinute(): number {
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000) * 60_000);
  useEffect(() => {
    const timer = setInterval(() => setMinute(Math.floor(Date.now() / 60_000) * 60_000), 5_000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/**
 * The staff inbox: views with counts, filters, a keyboard-driven list (j/k or arrows, Enter opens,
 * / searches) and the selected task beside it. Filters live in the URL, so a view can be bookmarked.
 */
export function InboxPage({ query }: { query: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 60_000 }));
  // Team view: those who see every task (tasks/access.ts on the server decides; this only hides the tab).
  const seesAll = (me.data?.roles ?? []).some((r) => r === 'admin' || r === 'manager' || r === 'auditor');
  const params = useMemo(() => new URLSearchParams(query), [query]);
  const view = pick<View>(params.get('view'), seesAll ? ['mine', 'group', 'team'] : ['mine', 'group']) ?? 'group';
  const sort = pick<keyof typeof SORTS>(params.get('sort'), SORTS) ?? 'priority';
  const status = pick<keyof typeof STATUSES>(params.get('status'), STATUSES) ?? 'open';
  const priority = pick<string>(params.get('priority'), PRIORITY_FILTERS);
  const sla = pick<keyof typeof SLA>(params.get('sla'), SLA);
  const due = pick<keyof typeof DUE>(params.get('due'), DUE);
  const flowId = params.get('flow') ?? undefined;
  const customerId = params.get('customer') ?? undefined;
  const search = params.get('q') ?? '';
  const taskId = params.get('task');
  const minute = useMinute();

  const setParam = (changes: Record<string, string | null>, replace = true) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    navigate(`/inbox${text ? `?${text}` : ''}`, { replace });
  };

  const filters: Filters = {
    status,
    ...(priority ? { priorities: PRIORITY_FILTERS[priority] } : {}),
    ...(sla ? { sla } : {}),
    ...dueWindow(due, minute),
    ...(flowId ? { flowId } : {}),
    ...(customerId ? { customerId } : {}),
    ...(search.trim() ? { search: search.trim() } : {}),
  };
  const counts = useQuery(trpc.tasks.counts.queryOptions(undefined, { refetchInterval: POLL_MS }));
  const flows = useQuery(trpc.flows.list.queryOptions(undefined, { staleTime: 60_000 }));
  const list = useInfiniteQuery(
    trpc.tasks.inbox.infiniteQueryOptions(
      { view, sort, filters, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: POLL_MS, placeholderData: keepPreviousData },
    ),
  );
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  // Keyboard: the highlighted row follows j/k and arrows; Enter opens it.
  const [cursor, setCursor] = useState(0);
  const rows = useRef<HTMLUListElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const open = (item: Item | undefined) => {
    if (!item) return;
    setParam({ task: item.id }, false);
    requestAnimationFrame(() => document.getElementById('task-title')?.focus());
  };
  useEffect(() => {
    const selected = taskId ? items.findIndex((i) => i.id === taskId) : -1;
    if (selected >= 0) setCursor(selected);
    // Only when the opened task changes, not on every poll.
  }, [taskId]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (event.key === '/' && !typing(event.target)) {
        event.preventDefault();
        searchBox.current?.focus();
        return;
      }
      if (typing(event.target) || (event.target instanceof HTMLElement && event.target.closest('.task-detail'))) return;
      if (event.key === 'j' || event.key === 'ArrowDown') {
        event.preventDefault();
        setCursor((c) => Math.min(items.length - 1, c + 1));
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        event.preventDefault();
        setCursor((c) => Math.max(0, c - 1));
      } else if (event.key === 'Enter' && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement)) {
        event.preventDefault();
        open(items[cursor]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
  useEffect(() => {
    rows.current?.querySelector<HTMLElement>(`[data-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const countOf = (v: View) => {
    const c = counts.data?.[v];
    return c ? `${c.count}${c.capped ? '+' : ''}` : '';
  };

  return (
    <div className="page inbox-page">
      <div className="page-header">
        <h1>Inbox</h1>
        <p className="muted small inbox-keys" aria-hidden="true">
          <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> open · <kbd>/</kbd> search
        </p>
      </div>
      <div className="inbox-split">
        <section className="inbox-list" aria-label="Task list">
          <div className="tabs" role="tablist" aria-label="Views">
            {VIEWS.filter((v) => v.view !== 'team' || seesAll).map((v) => (
              <button
                key={v.view}
                type="button"
                role="tab"
                className="tab"
                aria-selected={view === v.view}
                onClick={() => setParam({ view: v.view, task: null })}
              >
                {v.label} {countOf(v.view) ? <span className="count">{countOf(v.view)}</span> : null}
              </button>
            ))}
          </div>
          <div className="inbox-filters" role="search" aria-label="Filter tasks">
            <input
              ref={searchBox}
              className="input"
              type="search"
              placeholder="Search title or customer"
              aria-label="Search"
              defaultValue={search}
              key={`q:${search}`}
              onKeyDown={(e) => {
                if (e.key === 'Enter') setParam({ q: e.currentTarget.value });
                if (e.key === 'Escape') {
                  // Leave the box for the list's keys; Chromium would otherwise also empty a search field on Escape.
                  e.preventDefault();
                  e.currentTarget.blur();
                }
              }}
              onBlur={(e) => e.currentTarget.value !== search && setParam({ q: e.currentTarget.value })}
            />
            <select
              className="input"
              aria-label="Priority filter"
              value={priority ?? ''}
              onChange={(e) => setParam({ priority: e.target.value })}
            >
              <option value="">Any priority</option>
              <option value="urgent">Urgent</option>
              <option value="high">High or urgent</option>
              <option value="normal">Normal and above</option>
              <option value="low">Low</option>
            </select>
            <select className="input" aria-label="SLA filter" value={sla ?? ''} onChange={(e) => setParam({ sla: e.target.value })}>
              <option value="">Any SLA state</option>
              {Object.entries(SLA).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            <select className="input" aria-label="Due filter" value={due ?? ''} onChange={(e) => setParam({ due: e.target.value })}>
              <option value="">Any due date</option>
              {Object.entries(DUE).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            <select className="input" aria-label="Flow filter" value={flowId ?? ''} onChange={(e) => setParam({ flow: e.target.value })}>
              <option value="">Any flow</option>
              {(flows.data ?? []).map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
            <select
              className="input"
              aria-label="Status filter"
              value={status}
              onChange={(e) => setParam({ status: e.target.value === 'open' ? null : e.target.value })}
            >
              {Object.entries(STATUSES).map(([k, label]) => (
                <option key={k} value={k}>
                  {label}
                </option>
              ))}
            </select>
            <select
              className="input"
              aria-label="Sort"
              value={sort}
              onChange={(e) => setParam({ sort: e.target.value === 'priority' ? null : e.target.value })}
            >
              {Object.entries(SORTS).map(([k, label]) => (
                <option key={k} value={k}>
                  Sort: {label}
                </option>
              ))}
            </select>
            {customerId ? (
              <button type="button" className="chip" onClick={() => setParam({ customer: null })}>
                One customer only ×
              </button>
            ) : null}
          </div>
          {list.isPending ? (
            <Loading what="tasks" />
          ) : list.isError ? (
            <ErrorState error={list.error} retry={() => void list.refetch()} />
          ) : items.length === 0 ? (
            <Empty title="Nothing here">
              <p className="muted">{view === 'mine' ? 'No tasks are assigned to you or claimed by you.' : 'No tasks match.'}</p>
            </Empty>
          ) : (
            <>
              <ul
                className="inbox-rows"
                ref={rows}
                role="listbox"
                aria-label="Tasks"
                aria-activedescendant={items[cursor] ? `task-row-${items[cursor].id}` : undefined}
              >
                {items.map((item, i) => (
                  <li
                    key={item.id}
                    id={`task-row-${item.id}`}
                    role="option"
                    data-index={i}
                    aria-selected={item.id === taskId}
                    className={`inbox-row${i === cursor ? ' is-cursor' : ''}${item.id === taskId ? ' is-open' : ''}`}
                    onClick={() => {
                      setCursor(i);
                      open(item);
                    }}
                  >
                    <div className="row row-between">
                      <span className="inbox-title">{item.title}</span>
                      {item.status === 'open' ? <SlaBadge sla={item.sla} dueAt={item.dueAt} /> : null}
                    </div>
                    <div className="muted small row row-between">
                      <span>
                        {[item.flowName, item.customerName].filter(Boolean).join(' · ') || '—'} · {assigneeText(item)}
                        {item.claimedBy ? ` · claimed by ${item.claimedByName ?? 'someone'}` : ''}
                      </span>
                      <span>
                        <span className={`badge priority priority-${item.priority}`}>{PRIORITIES[item.priority]}</span>{' '}
                        <span title={dateTime(item.createdAt)}>{relativeTime(item.createdAt)}</span>
                      </span>
                    </div>
                  </li>
                ))}
              </ul>
              {list.hasNextPage ? (
                <div className="row row-center">
                  <button type="button" className="btn" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                    {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
                  </button>
                </div>
              ) : null}
            </>
          )}
        </section>
        <section className="inbox-detail" aria-label="Task">
          {taskId ? (
            <TaskDetail key={taskId} id={taskId} onGone={() => setParam({ task: null })} />
          ) : (
            <Empty title="Choose a task">
              <p className="muted">Pick one from the list, or move with j/k and press Enter.</p>
            </Empty>
          )}
        </section>
      </div>
    </div>
  );
}

export default InboxPage;
