-- Health that is steady and honest: every change of a source's health is recorded with its
-- time; a failing streak remembers when it began (transient errors are held before they flip
-- health); the credential re-check remembers which audit logs left Rapid7's log list and
-- whether Rapid7 really had no events for a silent source; open alerts remember when they
-- last notified (re-notify). Volume: per-source low-volume alert settings and maintenance
-- windows. Latency: when the pull fetched each event. All new columns are nullable or have
-- constant defaults: no table rewrite.
-- AlterTable
ALTER TABLE "alerts" ADD COLUMN     "last_notified_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "pulled_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "log_sources" ADD COLUMN     "low_volume_alert_enabled" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "low_volume_error_percent" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "low_volume_warn_percent" INTEGER NOT NULL DEFAULT 50;

-- AlterTable
ALTER TABLE "source_states" ADD COLUMN     "failing_since" TIMESTAMPTZ(3),
ADD COLUMN     "missing_audit_log_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "silence_probe_at" TIMESTAMPTZ(3),
ADD COLUMN     "silence_probe_events" INTEGER,
ADD COLUMN     "silence_probe_from" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "source_health_changes" (
    "id" BIGSERIAL NOT NULL,
    "source_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,

    CONSTRAINT "source_health_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "source_maintenance_windows" (
    "id" UUID NOT NULL,
    "source_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "owner_id" UUID,
    "owner_name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_maintenance_windows_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "source_health_changes_source_id_at_idx" ON "source_health_changes"("source_id", "at");

-- CreateIndex
CREATE INDEX "source_maintenance_windows_source_id_ends_at_idx" ON "source_maintenance_windows"("source_id", "ends_at");

-- AddForeignKey
ALTER TABLE "source_health_changes" ADD CONSTRAINT "source_health_changes_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_maintenance_windows" ADD CONSTRAINT "source_maintenance_windows_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_maintenance_windows" ADD CONSTRAINT "source_maintenance_windows_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
