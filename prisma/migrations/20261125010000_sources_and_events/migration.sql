-- Trigram indexes make Search's free-text filter on descriptions fast.
-- pg_trgm is a trusted extension: the database owner can create it.
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateTable
CREATE TABLE "log_sources" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "log_type" TEXT NOT NULL DEFAULT 'Rapid7.AuditLog',
    "region" TEXT NOT NULL,
    "api_key_encrypted" TEXT NOT NULL,
    "api_key_fingerprint" TEXT NOT NULL,
    "api_key_updated_at" TIMESTAMPTZ(3) NOT NULL,
    "audit_logs" JSONB NOT NULL,
    "pull_interval_minutes" INTEGER NOT NULL DEFAULT 1,
    "initial_lookback_hours" INTEGER NOT NULL DEFAULT 24,
    "retention_days" INTEGER NOT NULL DEFAULT 90,
    "paused" BOOLEAN NOT NULL DEFAULT false,
    "no_events_alert_enabled" BOOLEAN NOT NULL DEFAULT true,
    "no_events_threshold_minutes" INTEGER NOT NULL DEFAULT 1440,
    "detection_packs" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "log_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_states" (
    "source_id" UUID NOT NULL,
    "cursor_ms" BIGINT,
    "next_pull_at" TIMESTAMPTZ(3),
    "last_pull_started_at" TIMESTAMPTZ(3),
    "last_pull_finished_at" TIMESTAMPTZ(3),
    "last_successful_pull_at" TIMESTAMPTZ(3),
    "last_event_received_at" TIMESTAMPTZ(3),
    "last_event_stored_at" TIMESTAMPTZ(3),
    "credentials_status" TEXT NOT NULL DEFAULT 'unknown',
    "credentials_checked_at" TIMESTAMPTZ(3),
    "credentials_message" TEXT,
    "last_error_kind" TEXT,
    "last_error_message" TEXT,
    "last_error_at" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "source_states_pkey" PRIMARY KEY ("source_id")
);

-- CreateTable
CREATE TABLE "pull_runs" (
    "id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "window_from" TIMESTAMPTZ(3),
    "window_to" TIMESTAMPTZ(3),
    "pages" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "events_fetched" INTEGER NOT NULL DEFAULT 0,
    "events_new" INTEGER NOT NULL DEFAULT 0,
    "events_duplicate" INTEGER NOT NULL DEFAULT 0,
    "events_failed" INTEGER NOT NULL DEFAULT 0,
    "error_kind" TEXT,
    "error_message" TEXT,
    "rate_limit_remaining" INTEGER,
    "worker_id" TEXT,

    CONSTRAINT "pull_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_states" (
    "key_fingerprint" TEXT NOT NULL,
    "family" TEXT NOT NULL,
    "limit" INTEGER NOT NULL,
    "remaining" INTEGER NOT NULL,
    "reset_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_states_pkey" PRIMARY KEY ("key_fingerprint","family")
);

-- CreateTable
CREATE TABLE "events" (
    "id" BIGSERIAL NOT NULL,
    "source_id" UUID NOT NULL,
    "audit_id" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL,
    "stored_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "action" TEXT NOT NULL,
    "result" TEXT,
    "product" TEXT,
    "description" TEXT,
    "emails" TEXT[],
    "usernames" TEXT[],
    "log_id" TEXT,
    "sequence" TEXT,
    "normalized" JSONB NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "classification_failures" (
    "id" BIGSERIAL NOT NULL,
    "source_id" UUID NOT NULL,
    "log_type" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "field" TEXT,
    "expected" TEXT,
    "raw" TEXT NOT NULL,
    "log_id" TEXT NOT NULL,
    "sequence" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_tried_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "classification_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "log_sources_name_key_key" ON "log_sources"("name_key");

-- CreateIndex
CREATE INDEX "source_states_next_pull_at_idx" ON "source_states"("next_pull_at");

-- CreateIndex
CREATE INDEX "pull_runs_source_id_started_at_idx" ON "pull_runs"("source_id", "started_at");

-- CreateIndex
CREATE INDEX "events_event_time_id_idx" ON "events"("event_time", "id");

-- CreateIndex
CREATE INDEX "events_source_id_event_time_id_idx" ON "events"("source_id", "event_time", "id");

-- CreateIndex
CREATE INDEX "events_action_event_time_idx" ON "events"("action", "event_time");

-- CreateIndex
CREATE INDEX "events_source_id_stored_at_idx" ON "events"("source_id", "stored_at");

-- CreateIndex
CREATE INDEX "events_emails_idx" ON "events" USING GIN ("emails");

-- CreateIndex
CREATE INDEX "events_usernames_idx" ON "events" USING GIN ("usernames");

-- CreateIndex
CREATE INDEX "events_description_idx" ON "events" USING GIN ("description" gin_trgm_ops);

-- CreateIndex
CREATE UNIQUE INDEX "events_source_id_audit_id_key" ON "events"("source_id", "audit_id");

-- CreateIndex
CREATE INDEX "classification_failures_source_id_created_at_idx" ON "classification_failures"("source_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "classification_failures_source_id_log_id_sequence_key" ON "classification_failures"("source_id", "log_id", "sequence");

-- AddForeignKey
ALTER TABLE "log_sources" ADD CONSTRAINT "log_sources_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_states" ADD CONSTRAINT "source_states_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "pull_runs" ADD CONSTRAINT "pull_runs_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "classification_failures" ADD CONSTRAINT "classification_failures_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
