import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { likeLiteral } from '../db/like.ts';
import { foldForSearch } from './search-text.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { canUseView, INBOX_VIEWS, seesAllTasks, type InboxView, type TaskViewer } from './access.ts';

/**
 * The inbox page query: keyset (cursor) pagination whose cost does not grow with the table.
 *
 * A view is a union of queues ("branches"): my personal tasks, each of my groups, each of my
 * roles. Each branch is one range of a B-tree index whose key ends with the sort order
 * (`(group_key, status, priority DESC, created_at, id)` and friends, see schema.prisma), read in
 * order and cut at the page size; the outer query merges the branches and cuts again. A sort with
 * mixed directions (priority DESC, then oldest first) cannot be one row comparison, so the part
 * after the cursor is split into segments that each are a plain index range. Page N costs what
 * page 1 costs: no OFFSET, no scan of what came before.
 */

export const INBOX_SORTS = ['priority', 'due', 'created'] as const;
export type InboxSort = (typeof INBOX_SORTS)[number];
export const SLA_STATES = ['none', 'ok', 'warned', 'breached', 'paused'] as const;
export type SlaFilter = (typeof SLA_STATES)[number];
export const TASK_STATUSES = ['open', 'completed', 'cancelled', 'timed_out'] as const;

/** Counts stop here: a badge says "1000+" rather than counting a hundred thousand rows every few seconds. */
export const COUNT_CAP = 1000;

export const InboxFiltersSchema = z
  .object({
    status: z.enum(TASK_STATUSES).default('open'),
    flowId: z.uuid('must be a UUID').optional(),
    priorities: z.array(z.number().int().min(1, 'priorities are 1 to 4').max(4, 'priorities are 1 to 4')).min(1).max(4).optional(),
    dueFrom: z.iso.datetime({ offset: true, message: 'must be an ISO date-time, e.g. 2026-11-23T09:00:00Z' }).optional(),
    dueTo: z.iso.datetime({ offset: true, message: 'must be an ISO date-time, e.g. 2026-11-23T18:00:00Z' }).optional(),
    sla: z.enum(SLA_STATES).optional(),
    customerId: z.uuid('must be a UUID').optional(),
    search: z.string().trim().max(200, 'at most 200 characters').optional(),
  })
  .refine((f) => !f.dueFrom || !f.dueTo || Date.parse(f.dueFrom) <= Date.parse(f.dueTo), {
    message: 'dueFrom must not be after dueTo',
    path: ['dueTo'],
  });
export type InboxFilters = z.output<typeof InboxFiltersSchema>;

export interface InboxPageRequest {
  readonly view: InboxView;
  readonly sort: InboxSort;
  readonly filters: InboxFilters;
  readonly limit: number;
  readonly cursor?: string;
}

/** Where the previous page ended, as the sort sees it. */
interface Cursor {
  readonly sort: InboxSort;
  readonly id: string;
  readonly priority: number;
  readonly createdAt: string;
  readonly dueAt: string | null;
}

const CursorSchema = z.object({
  s: z.enum(INBOX_SORTS),
  i: z.uuid(),
  p: z.number().int(),
  c: z.iso.datetime({ offset: true }),
  d: z.iso.datetime({ offset: true }).nullable(),
});

export class InboxInputError extends Error {
  override name = 'InboxInputError';
}

export function encodeCursor(cursor: Cursor): string {
  const json = JSON.stringify({ s: cursor.sort, i: cursor.id, p: cursor.priority, c: cursor.createdAt, d: cursor.dueAt });
  return Buffer.from(json, 'utf8').toString('base64url');
}

export function decodeCursor(text: string, sort: InboxSort): Cursor {
  let parsed: z.infer<typeof CursorSchema>;
  try {
    parsed = CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new InboxInputError('The cursor is not one this inbox gave out; start again from the first page.');
  }
  if (parsed.s !== sort) throw new InboxInputError(`The cursor belongs to the "${parsed.s}" sort; start again from the first page.`);
  return { sort: parsed.s, id: parsed.i, priority: parsed.p, createdAt: parsed.c, dueAt: parsed.d };
}

const sql = Prisma.sql;
const uuid = (value: string) => sql`CAST(${value} AS uuid)`;
const timestamp = (value: string) => sql`CAST(${value} AS timestamptz)`;
// Parameters are typed by the driver; a numeric compared with an int column would not use the index.
const int = (value: number) => sql`CAST(${value} AS integer)`;

/** One queue of a view: the rows addressed to it, as a WHERE fragment. */
function branches(viewer: TaskViewer, view: InboxView, status: InboxFilters['status']): Prisma.Sql[] {
  const me = uuid(viewer.user.id);
  // Closed tasks keep their claimer; "unclaimed" only narrows the queue of open work.
  const unclaimed = status === 'open' ? sql` AND t.claimed_by IS NULL` : Prisma.empty;
  switch (view) {
    case 'mine':
      return [sql`t.assignee_id = ${me}`, sql`t.claimed_by = ${me} AND t.assignee_id IS DISTINCT FROM ${me}`];
    case 'group':
      return [
        ...[...new Set(viewer.groups)].map((g) => sql`t.group_key = ${g}${unclaimed}`),
        ...[...new Set(viewer.user.roles)].map((r) => sql`t.role = CAST(${r} AS "Role")${unclaimed}`),
      ];
    case 'team':
      return [sql`TRUE`];
    default: {
      const never: never = view;
      throw new Error(`unknown view ${String(never)}`);
    }
  }
}

/** `%text%` for ILIKE, with the user's own % and _ taken literally. */
export const likePattern = (text: string): string => `%${likeLiteral(text)}%`;

function filterSql(f: InboxFilters, searchByIndex = true): Prisma.Sql {
  const parts: Prisma.Sql[] = [sql`t.status = CAST(${f.status} AS "TaskStatus")`];
  if (f.flowId) parts.push(sql`t.flow_id = ${uuid(f.flowId)}`);
  if (f.priorities) {
    // A run of neighbours (3-4) is a range: the priority-sorted index reads it in order; a gap (1, 4) needs a list.
    const wanted = [...new Set(f.priorities)].sort((a, b) => a - b);
    const low = wanted[0] as number;
    const high = wanted[wanted.length - 1] as number;
    parts.push(
      high - low === wanted.length - 1
        ? sql`t.priority BETWEEN ${int(low)} AND ${int(high)}`
        : sql`t.priority IN (${Prisma.join(wanted.map(int))})`,
    );
  }
  if (f.dueFrom) parts.push(sql`t.due_at >= ${timestamp(f.dueFrom)}`);
  if (f.dueTo) parts.push(sql`t.due_at < ${timestamp(f.dueTo)}`);
  if (f.customerId) parts.push(sql`t.customer_id = ${uuid(f.customerId)}`);
  const words = f.search ? foldForSearch(f.search) : '';
  // Folded like the column (search-text.ts): case- and accent-insensitive in any database locale; trigram-indexed.
  if (words) {
    parts.push(searchByIndex ? sql`t.search_text LIKE ${likePattern(words)}` : sql`(t.search_text || '') LIKE ${likePattern(words)}`);
  }
  if (f.sla) parts.push(slaSql(f.sla));
  return Prisma.join(parts, ' AND ');
}

/** The SLA node writes { breached, warned: number[], paused, target, ... } (packages/nodes sla.ts). */
function slaSql(state: SlaFilter): Prisma.Sql {
  const breached = sql`(t.sla->>'breached') = 'true'`;
  const warned = sql`COALESCE(t.sla->'warned', '[]'::jsonb) NOT IN ('[]'::jsonb, 'false'::jsonb, 'null'::jsonb)`;
  switch (state) {
    case 'none':
      return sql`t.sla IS NULL`;
    case 'breached':
      return breached;
    case 'warned':
      return sql`(t.sla IS NOT NULL AND NOT ${breached} AND ${warned})`;
    case 'paused':
      return sql`(t.sla->>'paused') = 'true'`;
    case 'ok':
      return sql`(t.sla IS NOT NULL AND NOT COALESCE(${breached}, false) AND NOT ${warned})`;
    default: {
      const never: never = state;
      throw new Error(`unknown SLA state ${String(never)}`);
    }
  }
}

const ORDER: Record<InboxSort, Prisma.Sql> = {
  priority: sql`priority DESC, created_at ASC, id ASC`,
  due: sql`due_at ASC NULLS LAST, id ASC`,
  created: sql`created_at DESC, id DESC`,
};
const ORDER_P: Record<InboxSort, Prisma.Sql> = {
  priority: sql`p.priority DESC, p.created_at ASC, p.id ASC`,
  due: sql`p.due_at ASC NULLS LAST, p.id ASC`,
  created: sql`p.created_at DESC, p.id DESC`,
};
const ORDER_T: Record<InboxSort, Prisma.Sql> = {
  priority: sql`t.priority DESC, t.created_at ASC, t.id ASC`,
  due: sql`t.due_at ASC NULLS LAST, t.id ASC`,
  created: sql`t.created_at DESC, t.id DESC`,
};

/** The rows after the cursor, as index ranges that follow each other in the sort order. */
function segments(sort: InboxSort, cursor: Cursor | undefined): Prisma.Sql[] {
  if (!cursor) return [sql`TRUE`];
  const id = uuid(cursor.id);
  const created = timestamp(cursor.createdAt);
  switch (sort) {
    case 'priority':
      return [
        sql`t.priority = ${int(cursor.priority)} AND (t.created_at, t.id) > (${created}, ${id})`,
        sql`t.priority < ${int(cursor.priority)}`,
      ];
    case 'due':
      return cursor.dueAt === null
        ? [sql`t.due_at IS NULL AND t.id > ${id}`]
        : [sql`(t.due_at, t.id) > (${timestamp(cursor.dueAt)}, ${id})`, sql`t.due_at IS NULL`];
    case 'created':
      return [sql`(t.created_at, t.id) < (${created}, ${id})`];
    default: {
      const never: never = sort;
      throw new Error(`unknown sort ${String(never)}`);
    }
  }
}

/** One row of an inbox page: what the list shows, with the names of its flow, customer and people. */
export interface InboxRow {
  id: string;
  runId: string;
  flowId: string | null;
  nodeId: string;
  title: string;
  assigneeId: string | null;
  groupKey: string | null;
  role: string | null;
  status: (typeof TASK_STATUSES)[number];
  priority: number;
  dueAt: Date | null;
  sla: unknown;
  customerId: string | null;
  claimedBy: string | null;
  createdAt: Date;
  flowName: string | null;
  customerName: string | null;
  claimedByName: string | null;
  assigneeName: string | null;
}

/** The columns each branch reads; the index scan visits these rows anyway. */
const BRANCH_COLUMNS = sql`t.id, t.run_id, t.flow_id, t.node_id, t.title, t.assignee_id, t.group_key, t.role, t.status, t.priority, t.due_at, t.sla, t.customer_id, t.claimed_by, t.created_at`;

/** The SQL of one page (exported for EXPLAIN in the benchmark and tests). */
export function inboxPageSql(viewer: TaskViewer, request: InboxPageRequest): Prisma.Sql | null {
  if (!canUseView(viewer, request.view)) throw new InboxInputError('The team view is for managers, admins and auditors.');
  const cursor = request.cursor ? decodeCursor(request.cursor, request.sort) : undefined;
  const queues = branches(viewer, request.view, request.filters.status);
  if (queues.length === 0) return null;
  // A queue is bounded (a person's or a group's open work), so searching it is a scan of that
  // queue; the trigram index is for the team view, where a common word would otherwise read
  // most of a huge bitmap (measured: 97 ms vs a few ms at 1M rows).
  const filters = filterSql(request.filters, request.view === 'team');
  // One more than a page: its presence says there is a next page.
  const take = request.limit + 1;
  const parts = queues.flatMap((queue) =>
    segments(request.sort, cursor).map(
      (segment) =>
        sql`(SELECT ${BRANCH_COLUMNS} FROM tasks t WHERE ${queue} AND ${filters} AND ${segment} ORDER BY ${ORDER_T[request.sort]} LIMIT ${int(take)})`,
    ),
  );
  const union = Prisma.join(parts, ' UNION ALL ');
  // Names are joined here, on at most a page of rows: one round trip for the whole page.
  return sql`
    SELECT p.id, p.run_id AS "runId", p.flow_id AS "flowId", p.node_id AS "nodeId", p.title, p.assignee_id AS "assigneeId",
           p.group_key AS "groupKey", p.role::text AS role, p.status::text AS status, p.priority, p.due_at AS "dueAt", p.sla,
           p.customer_id AS "customerId", p.claimed_by AS "claimedBy", p.created_at AS "createdAt",
           f.name AS "flowName", c.name AS "customerName", cu.display_name AS "claimedByName", au.display_name AS "assigneeName"
      FROM (SELECT * FROM (${union}) AS u ORDER BY ${ORDER[request.sort]} LIMIT ${int(take)}) AS p
      LEFT JOIN flows f ON f.id = p.flow_id
      LEFT JOIN customers c ON c.id = p.customer_id
      LEFT JOIN users cu ON cu.id = p.claimed_by
      LEFT JOIN users au ON au.id = p.assignee_id
     ORDER BY ${ORDER_P[request.sort]}`;
}

export interface InboxPage {
  readonly items: InboxRow[];
  readonly nextCursor: string | null;
}

/** One page in order, and the cursor of the next page (null on the last). */
export async function inboxPage(db: Db, viewer: TaskViewer, request: InboxPageRequest): Promise<InboxPage> {
  const query = inboxPageSql(viewer, request);
  if (!query) return { items: [], nextCursor: null };
  const rows = await db.$queryRaw<InboxRow[]>(query);
  const items = rows.slice(0, request.limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > request.limit && last
      ? encodeCursor({
          sort: request.sort,
          id: last.id,
          priority: last.priority,
          createdAt: last.createdAt.toISOString(),
          dueAt: last.dueAt ? last.dueAt.toISOString() : null,
        })
      : null;
  return { items, nextCursor };
}

export interface ViewCount {
  readonly count: number;
  /** True when there are more than COUNT_CAP: show "1000+". */
  readonly capped: boolean;
}

/** Open tasks per view the viewer may use, each count bounded by COUNT_CAP. */
export async function inboxCounts(db: Db, viewer: TaskViewer): Promise<Partial<Record<InboxView, ViewCount>>> {
  const open: InboxFilters = { status: 'open' };
  const views = INBOX_VIEWS.filter((v) => canUseView(viewer, v) && (v !== 'team' || seesAllTasks(viewer)));
  const counted = await Promise.all(
    views.map(async (view): Promise<[InboxView, ViewCount]> => {
      const queues = branches(viewer, view, 'open');
      if (queues.length === 0) return [view, { count: 0, capped: false }];
      const where = Prisma.join(
        queues.map((q) => sql`(${q})`),
        ' OR ',
      );
      const [row] = await db.$queryRaw<[{ n: bigint }]>(
        sql`SELECT count(*) AS n FROM (SELECT 1 FROM tasks t WHERE (${where}) AND ${filterSql(open)} LIMIT ${int(COUNT_CAP + 1)}) AS capped`,
      );
      const n = Number(row.n);
      return [view, { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP }];
    }),
  );
  return Object.fromEntries(counted);
}
