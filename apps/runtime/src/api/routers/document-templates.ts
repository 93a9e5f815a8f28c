import { TRPCError } from '@trpc/server';
import { TemplateKeySchema } from '@trackway/nodes';
import { z } from 'zod';
import { checkDocxTemplate, DocxTemplateError } from '../../documents/docx.ts';
import { checkTemplate, htmlDocument, renderTemplate, TEMPLATE_BODY_MAX, TemplateError } from '../../documents/template.ts';
import { isUniqueViolation, notFound } from '../errors.ts';
import { roleProcedure, ROLES, router } from '../trpc.ts';

const Body = z.string().max(TEMPLATE_BODY_MAX, `at most ${TEMPLATE_BODY_MAX} characters`);
/** A .docx as base64; tRPC's 2 MB body limit makes ~1.4 MB the largest Word template. */
const DocxBase64 = z
  .string()
  .min(1)
  .max(2 * 1024 * 1024)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64');
const SampleFields = z.record(z.string(), z.unknown());

const summarySelect = { key: true, name: true, version: true, updatedAt: true } as const;

function compileError(error: TemplateError): TRPCError {
  return new TRPCError({ code: 'BAD_REQUEST', message: `The template does not compile: ${error.message}`, cause: error });
}

/** Document templates: Handlebars HTML (and optionally a .docx) that the document node renders. */
export const documentTemplatesRouter = router({
  list: roleProcedure(...ROLES.readDocumentTemplates).query(async ({ ctx }) => {
    const [templates, withDocx] = await Promise.all([
      ctx.db.documentTemplate.findMany({ select: summarySelect, orderBy: { key: 'asc' }, take: 500 }),
      ctx.db.documentTemplate.findMany({ where: { docx: { not: null } }, select: { key: true } }),
    ]);
    const docx = new Set(withDocx.map((t) => t.key));
    return templates.map((t) => ({ ...t, hasDocx: docx.has(t.key) }));
  }),

  get: roleProcedure(...ROLES.readDocumentTemplates)
    .input(z.object({ key: TemplateKeySchema }))
    .query(async ({ ctx, input }) => {
      const template = await ctx.db.documentTemplate.findUnique({ where: { key: input.key }, select: { ...summarySelect, body: true } });
      if (!template) throw notFound('Document template', input.key);
      const hasDocx = (await ctx.db.documentTemplate.count({ where: { key: input.key, docx: { not: null } } })) > 0;
      return { ...template, hasDocx };
    }),

  /**
   * Creates or replaces a template; every save is a new version. With `expectedVersion`, a save
   * over someone else's newer version is refused (CONFLICT) instead of silently replacing it.
   * `docx`: base64 to replace the Word template, null to remove it, absent to keep it.
   */
  save: roleProcedure(...ROLES.editDocumentTemplates)
    .input(
      z.object({
        key: TemplateKeySchema,
        name: z.string().trim().min(1, 'enter a name').max(200),
        body: Body,
        docx: DocxBase64.nullable().optional(),
        expectedVersion: z.number().int().positive().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      try {
        checkTemplate(input.body);
      } catch (error) {
        if (error instanceof TemplateError) throw compileError(error);
        throw error;
      }
      let docx: Uint8Array<ArrayBuffer> | null | undefined;
      if (typeof input.docx === 'string') {
        docx = new Uint8Array(Buffer.from(input.docx, 'base64'));
        try {
          checkDocxTemplate(docx);
        } catch (error) {
          if (error instanceof DocxTemplateError) throw new TRPCError({ code: 'BAD_REQUEST', message: error.message });
          throw error;
        }
      } else {
        docx = input.docx;
      }
      const data = { name: input.name, body: input.body, updatedBy: ctx.user.id, ...(docx === undefined ? {} : { docx }) };
      const updated = await ctx.db.documentTemplate.updateMany({
        where: { key: input.key, ...(input.expectedVersion === undefined ? {} : { version: input.expectedVersion }) },
        data: { ...data, version: { increment: 1 } },
      });
      if (updated.count === 0) {
        const current = await ctx.db.documentTemplate.findUnique({ where: { key: input.key }, select: { version: true } });
        if (current) {
          throw new TRPCError({
            code: 'CONFLICT',
            message: `Template "${input.key}" was saved by someone else meanwhile (now version ${current.version}); reload it and apply your change again.`,
          });
        }
        if (input.expectedVersion !== undefined) throw notFound('Document template', input.key);
        try {
          await ctx.db.documentTemplate.create({ data: { key: input.key, ...data } });
        } catch (error) {
          if (isUniqueViolation(error))
            throw new TRPCError({ code: 'CONFLICT', message: `Template "${input.key}" was just created by someone else.` });
          throw error;
        }
      }
      const saved = await ctx.db.documentTemplate.findUniqueOrThrow({ where: { key: input.key }, select: summarySelect });
      const hasDocx = (await ctx.db.documentTemplate.count({ where: { key: input.key, docx: { not: null } } })) > 0;
      return { ...saved, hasDocx };
    }),

  /**
   * Renders a template body with sample fields, storing nothing: the editor's live preview. A
   * template that does not compile is an answer here (with line and column), not an error. A
   * mutation only so that the body travels in a POST rather than in the URL.
   */
  preview: roleProcedure(...ROLES.editDocumentTemplates)
    .input(z.object({ body: Body, fields: SampleFields.default({}), name: z.string().max(200).default('Preview') }))
    .mutation(({ input }) => {
      try {
        return { ok: true as const, html: htmlDocument(input.name, renderTemplate(input.body, input.fields)) };
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        return { ok: false as const, error: { message: error.message, line: error.line ?? null, column: error.column ?? null } };
      }
    }),
});
