import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Prisma } from '../../generated/prisma/client.ts';
import { notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Uuid = z.uuid('must be a UUID');

const documentSummarySelect = {
  id: true,
  documentKey: true,
  version: true,
  stage: true,
  runId: true,
  templateKey: true,
  templateVersion: true,
  contentHash: true,
  createdBy: true,
  createdAt: true,
} satisfies Prisma.DocumentSelect;

type Format = 'html' | 'pdf' | 'docx';

/** Which renditions each document has, without reading their bytes. */
async function formatsOf(db: Db, ids: readonly string[]): Promise<Map<string, Format[]>> {
  const [pdf, docx] = await Promise.all([
    db.document.findMany({ where: { id: { in: [...ids] }, pdf: { not: null } }, select: { id: true } }),
    db.document.findMany({ where: { id: { in: [...ids] }, docx: { not: null } }, select: { id: true } }),
  ]);
  const withPdf = new Set(pdf.map((d) => d.id));
  const withDocx = new Set(docx.map((d) => d.id));
  return new Map(
    ids.map((id) => [id, ['html', ...(withPdf.has(id) ? (['pdf'] as const) : []), ...(withDocx.has(id) ? (['docx'] as const) : [])]]),
  );
}

/** Display names of the people who made documents (a reviewer's final names them). */
async function authors(db: Db, ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
  return new Map(users.map((u) => [u.id, u.displayName]));
}

/** Generated documents: metadata, fields and HTML here; the bytes come from GET /api/documents/:id/:format. */
export const documentsRouter = router({
  list: roleProcedure(...ROLES.readDocuments)
    .input(z.object({ runId: Uuid }))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.db.document.findMany({
        where: { runId: input.runId },
        select: documentSummarySelect,
        orderBy: [{ documentKey: 'asc' }, { version: 'asc' }],
        take: 500,
      });
      const [formats, names] = await Promise.all([
        formatsOf(
          ctx.db,
          rows.map((r) => r.id),
        ),
        authors(
          ctx.db,
          rows.map((r) => r.createdBy),
        ),
      ]);
      return rows.map((r) => ({
        ...r,
        formats: formats.get(r.id) ?? ['html'],
        createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
      }));
    }),

  get: roleProcedure(...ROLES.readDocuments)
    .input(z.object({ id: Uuid }))
    .query(async ({ ctx, input }) => {
      const document = await ctx.db.document.findUnique({
        where: { id: input.id },
        select: { ...documentSummarySelect, fields: true, html: true, changes: true },
      });
      if (!document) throw notFound('Document', input.id);
      const [formats, names, versions] = await Promise.all([
        formatsOf(ctx.db, [document.id]),
        authors(ctx.db, [document.createdBy]),
        // The draft and final of one document share its key: the reviewer's changes read against the draft.
        ctx.db.document.findMany({
          where: { documentKey: document.documentKey },
          select: { id: true, version: true, stage: true, createdAt: true },
          orderBy: { version: 'asc' },
          take: 100,
        }),
      ]);
      return {
        ...document,
        formats: formats.get(document.id) ?? ['html'],
        createdByName: document.createdBy ? (names.get(document.createdBy) ?? null) : null,
        versions,
      };
    }),
});
