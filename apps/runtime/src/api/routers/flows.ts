import { TRPCError } from '@trpc/server';
import { compileFlow, FlowDefinitionSchema, validateFlow, type FlowDefinitionInput } from '@trackway/schema';
import { z } from 'zod';
import { likeLiteral } from '../../db/like.ts';
import { actorOf, appendAudit, diffDefinitions, summariseChanges } from '../../audit/index.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { nodeRegistryOf } from '../node-registry.ts';
import { DiagnosticsError, roleProcedure, ROLES, router } from '../trpc.ts';
import type { Prisma } from '../../generated/prisma/client.ts';

const FlowKey = z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'lower-case letters, digits and "-", 2-63 characters');
const Uuid = z.uuid('must be a UUID');
// Postgres int4: a larger number would fail in the database (a 500) instead of being not found.
const VersionNumber = z
  .number()
  .int('must be a whole number')
  .min(1, 'versions start at 1')
  .max(2_147_483_647, 'must be at most 2147483647');

const flowVersionSelect = {
  version: true,
  definition: true,
  note: true,
  publishedBy: true,
  publishedAt: true,
  contentHash: true,
} satisfies Prisma.FlowVersionSelect;

/** The draft a new flow starts with: a start wired to an end, so it is valid from the first second. */
export function emptyDefinition(name: string): FlowDefinitionInput {
  return {
    schemaVersion: 1,
    metadata: { name, description: '', tags: [] },
    variables: [],
    input: { fields: [] },
    nodes: [
      { id: 'start', type: 'start', typeVersion: 1, label: 'Start', position: { x: 0, y: 0 }, config: {} },
      { id: 'end', type: 'end', typeVersion: 1, label: 'End', position: { x: 0, y: 160 }, config: {} },
    ],
    edges: [{ id: 'e-start-end', source: 'start', sourcePort: 'next', target: 'end', targetPort: 'in' }],
    notes: [],
  };
}

const flowSummarySelect = {
  id: true,
  key: true,
  name: true,
  description: true,
  draftRevision: true,
  archivedAt: true,
  updatedAt: true,
  owner: { select: { id: true, displayName: true } },
  versions: { select: { version: true, publishedAt: true }, orderBy: { version: 'desc' }, take: 1 },
} satisfies Prisma.FlowSelect;

export const flowsRouter = router({
  list: roleProcedure(...ROLES.readFlows)
    .input(
      z.object({ search: z.string().max(200).optional(), includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    )
    .query(async ({ ctx, input }) => {
      const flows = await ctx.db.flow.findMany({
        where: {
          ...(input.includeArchived ? {} : { archivedAt: null }),
          ...(input.search
            ? {
                OR: [
                  { name: { contains: likeLiteral(input.search), mode: 'insensitive' } },
                  { key: { contains: likeLiteral(input.search) } },
                ],
              }
            : {}),
        },
        select: flowSummarySelect,
        orderBy: { updatedAt: 'desc' },
        take: 500,
      });
      return flows.map(({ versions, ...f }) => ({ ...f, latestVersion: versions[0] ?? null }));
    }),

  get: roleProcedure(...ROLES.readFlows)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const flow = await ctx.db.flow.findUnique({ where: { id: input.id }, select: { ...flowSummarySelect, draft: true } });
      if (!flow) throw notFound('Flow', input.id);
      const { versions, ...rest } = flow;
      return { ...rest, latestVersion: versions[0] ?? null, diagnostics: validateFlow(flow.draft, nodeRegistryOf(ctx)) };
    }),

  create: roleProcedure(...ROLES.editFlows)
    .input(z.object({ key: FlowKey, name: z.string().min(1).max(200), description: z.string().max(5000).default('') }))
    .mutation(async ({ ctx, input }) => {
      try {
        // The flow and its audit entry commit together or not at all.
        return await ctx.db.$transaction(async (tx) => {
          const flow = await tx.flow.create({
            data: {
              key: input.key,
              name: input.name,
              description: input.description,
              ownerId: ctx.user.id,
              draft: emptyDefinition(input.name) as Prisma.InputJsonObject,
            },
            select: { id: true, key: true, draftRevision: true },
          });
          await appendAudit(tx, {
            ...actorOf(ctx),
            action: 'flow.create',
            subjectType: 'flow',
            subjectId: flow.id,
            flowId: flow.id,
            payload: { key: input.key, name: input.name, description: input.description },
          });
          return flow;
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new TRPCError({ code: 'CONFLICT', message: `A flow with key "${input.key}" already exists.` });
        throw error;
      }
    }),

  /**
   * Saves the draft if nobody saved since `revision` (optimistic concurrency). Drafts may have
   * diagnostics (work in progress) but must be structurally a flow definition.
   */
  saveDraft: roleProcedure(...ROLES.editFlows)
    // Postgres int4, like VersionNumber: a larger revision can never match and would fail in the database.
    .input(
      z.object({
        id: Uuid,
        revision: z.number().int().positive().max(2_147_483_647, 'must be at most 2147483647'),
        definition: FlowDefinitionSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const count = await ctx.db.$transaction(async (tx) => {
        // Read under the row lock, so the summary compares with exactly the revision being replaced.
        const [before] = await tx.$queryRaw<Array<{ draft: unknown }>>`
          SELECT "draft" FROM "flows" WHERE "id" = ${input.id}::uuid AND "draft_revision" = ${input.revision} AND "archived_at" IS NULL FOR UPDATE`;
        if (!before) return 0;
        await tx.flow.update({
          where: { id: input.id },
          data: {
            draft: input.definition as Prisma.InputJsonObject,
            draftRevision: { increment: 1 },
            name: input.definition.metadata.name,
          },
        });
        // One entry per revision, summarised: autosave writes often, and the full drafts are not history.
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: 'flow.save_draft',
          subjectType: 'flow',
          subjectId: input.id,
          flowId: input.id,
          dedupeKey: `flow.save_draft:${input.id}:${input.revision + 1}`,
          payload: { revision: input.revision + 1, changes: summariseChanges(diffDefinitions(before.draft, input.definition)) },
        });
        return 1;
      });
      if (count === 0) {
        const current = await ctx.db.flow.findUnique({ where: { id: input.id }, select: { draftRevision: true, archivedAt: true } });
        if (!current) throw notFound('Flow', input.id);
        if (current.archivedAt)
          throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow is archived; restore it before editing.' });
        throw new TRPCError({
          code: 'CONFLICT',
          message: `The draft was changed elsewhere (you edited revision ${input.revision}, the latest is ${current.draftRevision}). Reload to see the other changes; nothing was overwritten.`,
        });
      }
      return { revision: input.revision + 1, diagnostics: validateFlow(input.definition, nodeRegistryOf(ctx)) };
    }),

  validate: roleProcedure(...ROLES.readFlows)
    .input(z.object({ definition: z.unknown() }))
    .query(({ ctx, input }) => ({ diagnostics: validateFlow(input.definition, nodeRegistryOf(ctx)) })),

  publish: roleProcedure(...ROLES.editFlows)
    .input(z.object({ id: Uuid, note: z.string().max(2000).default('') }))
    .mutation(async ({ ctx, input }) => {
      const flow = await ctx.db.flow.findUnique({
        where: { id: input.id },
        select: {
          draft: true,
          archivedAt: true,
          versions: { select: { id: true, version: true, contentHash: true, definition: true }, orderBy: { version: 'desc' }, take: 1 },
        },
      });
      if (!flow) throw notFound('Flow', input.id);
      if (flow.archivedAt)
        throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'The flow is archived; restore it before publishing.' });
      const compiled = compileFlow(flow.draft, nodeRegistryOf(ctx));
      if (!compiled.ok) {
        const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
        throw new DiagnosticsError(`The flow cannot be published: ${errors.length} problem(s) to fix first.`, compiled.diagnostics);
      }
      const latest = flow.versions[0];
      if (latest && latest.contentHash === compiled.plan.contentHash) {
        return { id: latest.id, version: latest.version, contentHash: latest.contentHash, unchanged: true, warnings: compiled.warnings };
      }
      try {
        const created = await ctx.db.$transaction(async (tx) => {
          const version = await tx.flowVersion.create({
            data: {
              flowId: input.id,
              version: (latest?.version ?? 0) + 1,
              definition: flow.draft as Prisma.InputJsonObject,
              plan: compiled.plan as unknown as Prisma.InputJsonObject,
              contentHash: compiled.plan.contentHash,
              note: input.note,
              publishedBy: ctx.user.id,
            },
            select: { id: true, version: true, contentHash: true },
          });
          await appendAudit(tx, {
            ...actorOf(ctx),
            action: 'flow.publish',
            subjectType: 'flow',
            subjectId: input.id,
            flowId: input.id,
            flowVersionId: version.id,
            payload: {
              version: version.version,
              previousVersion: latest?.version ?? null,
              contentHash: version.contentHash,
              note: input.note,
              // What this version changes, compared with the one before (everything is "added" for the first).
              changes: diffDefinitions(latest?.definition ?? { nodes: [], edges: [] }, flow.draft),
            },
          });
          return version;
        });
        return { ...created, unchanged: false, warnings: compiled.warnings };
      } catch (error) {
        if (isUniqueViolation(error))
          throw new TRPCError({ code: 'CONFLICT', message: 'Someone published this flow at the same moment; reload and try again.' });
        throw error;
      }
    }),

  versions: roleProcedure(...ROLES.readFlows)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const exists = await ctx.db.flow.count({ where: { id: input.id } });
      if (!exists) throw notFound('Flow', input.id);
      return ctx.db.flowVersion.findMany({
        where: { flowId: input.id },
        select: { id: true, version: true, contentHash: true, note: true, publishedAt: true, publishedBy: true },
        orderBy: { version: 'desc' },
      });
    }),

  /** One published version with its definition, e.g. to compare it with another or the draft. */
  version: roleProcedure(...ROLES.readFlows)
    .input(z.object({ id: Uuid, version: VersionNumber }))
    .query(async ({ ctx, input }) => {
      const found = await ctx.db.flowVersion.findUnique({
        where: { flowId_version: { flowId: input.id, version: input.version } },
        select: flowVersionSelect,
      });
      if (found) return found;
      const exists = await ctx.db.flow.count({ where: { id: input.id } });
      if (!exists) throw notFound('Flow', input.id);
      throw new TRPCError({ code: 'NOT_FOUND', message: `Flow "${input.id}" has no published version ${input.version}.` });
    }),

  archive: roleProcedure(...ROLES.editFlows)
    .input(z.object({ id: Uuid, archived: z.boolean().default(true) }))
    .mutation(async ({ ctx, input }) => {
      const count = await ctx.db.$transaction(async (tx) => {
        const { count } = await tx.flow.updateMany({ where: { id: input.id }, data: { archivedAt: input.archived ? new Date() : null } });
        if (count === 0) return 0;
        await appendAudit(tx, {
          ...actorOf(ctx),
          action: input.archived ? 'flow.archive' : 'flow.restore',
          subjectType: 'flow',
          subjectId: input.id,
          flowId: input.id,
          payload: {},
        });
        return count;
      });
      if (count === 0) throw notFound('Flow', input.id);
      return { archived: input.archived };
    }),
});
