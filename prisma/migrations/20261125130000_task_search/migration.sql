-- Inbox search on one folded column (title + customer name, lower case, accents removed by the
-- application: apps/runtime/src/tasks/search-text.ts) instead of ILIKE on two columns, whose case
-- folding depends on the database's locale (the embedded PostgreSQL uses C: ASCII only).

-- DropIndex
DROP INDEX "tasks_title_idx";

-- DropIndex
DROP INDEX "customers_name_idx";

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN "search_text" TEXT NOT NULL DEFAULT '';

-- Backfill, folding ASCII only; `npm run tasks:rebuild` refolds the tasks of running workflows fully.
UPDATE "tasks" SET "search_text" = lower("tasks"."title" || COALESCE(' ' || "customers"."name", ''))
  FROM "tasks" AS "t" LEFT JOIN "customers" ON "customers"."id" = "t"."customer_id"
 WHERE "t"."id" = "tasks"."id";

-- CreateIndex
CREATE INDEX "tasks_search_text_idx" ON "tasks" USING GIN ("search_text" gin_trgm_ops);
