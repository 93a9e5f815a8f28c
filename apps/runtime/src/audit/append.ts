import type { Db } from '../db/client.ts';
import type { Prisma } from '../generated/prisma/client.ts';
import { AuditEntryInputSchema, normalisePayload, SYSTEM_ACTOR, type AuditEntryInput } from './entry.ts';
import { entryHash, GENESIS_HASH, payloadDigest, type HashedFields } from './hash.ts';

/** A Prisma client, or the client of a transaction the entry should commit (or roll back) with. */
export type AuditDb = Db | Prisma.TransactionClient;

/**
 * Appends are serialised on this transaction-scoped advisory lock: the head (last seq and hash) is
 * read and the next entries are written while it is held, so seq stays gapless and the chain never
 * forks, across any number of API and worker processes. ("trackaud" as a 64-bit number.)
 */
const APPEND_LOCK_KEY = '8390891523452417380';

export interface AppendedEntry {
  readonly seq: bigint;
  readonly hash: string;
  /** True when an entry with the same dedupeKey was already in the log, so nothing was written. */
  readonly duplicate: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Appends entries to the audit log, in order, as one link each in the hash chain. Entries whose
 * dedupeKey is already in the log (or earlier in the same batch) are skipped, so an activity retry
 * never duplicates. Secret-named payload keys are redacted first.
 *
 * Pass a transaction's client to commit the entries together with the change they record; call it
 * last in that transaction (it takes the append lock until commit), and keep the transaction READ
 * COMMITTED so the head it reads is the latest. Throws a ZodError for a malformed entry.
 *
 * @example
 * await appendAudit(db, { actor: user.id, action: 'flow.archive', subjectType: 'flow', subjectId: flow.id, flowId: flow.id, payload: {} });
 */
export async function appendAudit(db: AuditDb, entries: AuditEntryInput | readonly AuditEntryInput[]): Promise<AppendedEntry[]> {
  const list = (Array.isArray(entries) ? entries : [entries]) as readonly AuditEntryInput[];
  if (list.length === 0) return [];
  const parsed = list.map((e) => AuditEntryInputSchema.parse(e));
  const prepared = parsed.map((e) => {
    const payload = normalisePayload(e.payload);
    return {
      ...e,
      // Postgres prints uuids in lower case; the hash must match what verify reads back.
      actor: UUID.test(e.actor) ? e.actor.toLowerCase() : e.actor,
      actorLabel: e.actorLabel ?? null,
      payload,
      payloadDigest: payloadDigest(payload),
      occurredAt: e.occurredAt === undefined ? null : new Date(e.occurredAt),
    };
  });
  await fillRunContext(db, prepared);
  await fillActorLabels(db, prepared);

  const write = async (tx: Prisma.TransactionClient): Promise<AppendedEntry[]> => {
    await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY})) AS l`);
    const keys = prepared.flatMap((e) => (e.dedupeKey ? [e.dedupeKey] : []));
    const existing = new Map<string, AppendedEntry>();
    if (keys.length > 0) {
      const found = await tx.auditEntry.findMany({
        where: { dedupeKey: { in: keys } },
        select: { dedupeKey: true, seq: true, hash: true },
      });
      for (const row of found) if (row.dedupeKey) existing.set(row.dedupeKey, { seq: row.seq, hash: row.hash, duplicate: true });
    }
    const head = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { seq: true, hash: true } });
    // The database's clock, read under the lock: one clock for every process, and in seq order.
    const [{ now }] = await tx.$queryRaw<[{ now: Date }]>`SELECT date_trunc('milliseconds', clock_timestamp()) AS now`;

    let seq = head?.seq ?? 0n;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const rows: Prisma.AuditEntryCreateManyInput[] = [];
    const result: AppendedEntry[] = [];
    for (const e of prepared) {
      const seen = e.dedupeKey ? existing.get(e.dedupeKey) : undefined;
      if (seen) {
        result.push(seen);
        continue;
      }
      seq += 1n;
      const fields: HashedFields = {
        seq,
        prevHash,
        actor: e.actor,
        actorLabel: e.actorLabel ?? e.actor,
        action: e.action,
        subjectType: e.subjectType,
        subjectId: e.subjectId,
        flowId: e.flowId ?? null,
        flowVersionId: e.flowVersionId ?? null,
        runId: e.runId ?? null,
        requestId: e.requestId ?? null,
        payloadDigest: e.payloadDigest,
        dedupeKey: e.dedupeKey ?? null,
        occurredAt: e.occurredAt ?? now,
        createdAt: now,
      };
      const hash = entryHash(fields);
      rows.push({ ...fields, payload: e.payload as Prisma.InputJsonValue, hash });
      const appended = { seq, hash, duplicate: false };
      result.push(appended);
      if (e.dedupeKey) existing.set(e.dedupeKey, { ...appended, duplicate: true });
      prevHash = hash;
    }
    if (rows.length > 0) await tx.auditEntry.createMany({ data: rows });
    return result;
  };

  // A transaction client has no $transaction of its own: the caller's transaction is used.
  if ('$transaction' in db) return db.$transaction(write, { maxWait: 10_000, timeout: 30_000 });
  return write(db);
}

interface Fillable {
  actor: string;
  actorLabel: string | null;
  runId?: string | null;
  flowId?: string | null;
  flowVersionId?: string | null;
}

/** Entries about a run name its flow and version too, so an auditor can filter by either. */
async function fillRunContext(db: AuditDb, entries: Fillable[]): Promise<void> {
  const runIds = [...new Set(entries.filter((e) => e.runId && (!e.flowId || !e.flowVersionId)).map((e) => e.runId as string))];
  if (runIds.length === 0) return;
  const runs = await db.run.findMany({ where: { id: { in: runIds } }, select: { id: true, flowId: true, flowVersionId: true } });
  const byId = new Map(runs.map((r) => [r.id, r]));
  for (const e of entries) {
    const run = e.runId ? byId.get(e.runId) : undefined;
    if (!run) continue;
    e.flowId ??= run.flowId;
    e.flowVersionId ??= run.flowVersionId;
  }
}

/** The label an auditor reads: the user's e-mail at the time (it is hashed into the entry). */
async function fillActorLabels(db: AuditDb, entries: Fillable[]): Promise<void> {
  const ids = [...new Set(entries.filter((e) => e.actorLabel === null && UUID.test(e.actor)).map((e) => e.actor))];
  const users = ids.length > 0 ? await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
  const emails = new Map(users.map((u) => [u.id, u.email]));
  for (const e of entries) {
    if (e.actorLabel !== null) continue;
    e.actorLabel = emails.get(e.actor) ?? (e.actor === SYSTEM_ACTOR ? 'Trackway' : e.actor);
  }
}
