-- Staff inbox (issue 5): keyset indexes per queue and sort, trigram search on task titles and
-- customer names, the flow of each task, comments and attachments.

-- CreateExtension (trusted since PostgreSQL 13: the database owner may create it)
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- AlterTable
ALTER TABLE "tasks" ADD COLUMN "flow_id" UUID;

-- Backfill: the flow of each existing task, from its run.
UPDATE "tasks" SET "flow_id" = "runs"."flow_id" FROM "runs" WHERE "runs"."id" = "tasks"."run_id";

-- CreateTable
CREATE TABLE "task_comments" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "author_id" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_comments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "task_attachments" (
    "id" UUID NOT NULL,
    "task_id" UUID NOT NULL,
    "uploaded_by" UUID NOT NULL,
    "file_name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "task_attachments_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "tasks_group_key_status_priority_created_at_id_idx" ON "tasks"("group_key", "status", "priority" DESC, "created_at", "id");

-- CreateIndex
CREATE INDEX "tasks_group_key_status_due_at_id_idx" ON "tasks"("group_key", "status", "due_at", "id");

-- CreateIndex
CREATE INDEX "tasks_role_status_priority_created_at_id_idx" ON "tasks"("role", "status", "priority" DESC, "created_at", "id");

-- CreateIndex
CREATE INDEX "tasks_status_priority_created_at_id_idx" ON "tasks"("status", "priority" DESC, "created_at", "id");

-- CreateIndex
CREATE INDEX "tasks_status_due_at_id_idx" ON "tasks"("status", "due_at", "id");

-- CreateIndex
CREATE INDEX "tasks_status_created_at_id_idx" ON "tasks"("status", "created_at", "id");

-- CreateIndex
CREATE INDEX "tasks_claimed_by_status_idx" ON "tasks"("claimed_by", "status");

-- CreateIndex
CREATE INDEX "tasks_customer_id_idx" ON "tasks"("customer_id");

-- CreateIndex
CREATE INDEX "tasks_title_idx" ON "tasks" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customers_name_idx" ON "customers" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "task_comments_task_id_created_at_idx" ON "task_comments"("task_id", "created_at");

-- CreateIndex
CREATE INDEX "task_attachments_task_id_created_at_idx" ON "task_attachments"("task_id", "created_at");

-- AddForeignKey
ALTER TABLE "task_comments" ADD CONSTRAINT "task_comments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "task_attachments" ADD CONSTRAINT "task_attachments_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
