-- The coverage ledger (issue 10): each source's Rapid7 receive-time timeline in fixed windows,
-- each compared with Rapid7's own count. Events and classification failures get an index on
-- (source_id, received_at) so a window's stored count is an index range scan.
-- CreateTable
CREATE TABLE "coverage_windows" (
    "source_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "intake_count" INTEGER,
    "rapid7_count" INTEGER,
    "repulls" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT,
    "checked_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "coverage_windows_pkey" PRIMARY KEY ("source_id","starts_at")
);

-- CreateIndex
CREATE INDEX "coverage_windows_source_id_state_starts_at_idx" ON "coverage_windows"("source_id", "state", "starts_at");

-- CreateIndex
CREATE INDEX "events_source_id_received_at_idx" ON "events"("source_id", "received_at");

-- CreateIndex
CREATE INDEX "classification_failures_source_id_received_at_idx" ON "classification_failures"("source_id", "received_at");

-- AddForeignKey
ALTER TABLE "coverage_windows" ADD CONSTRAINT "coverage_windows_source_id_fkey" FOREIGN KEY ("source_id") REFERENCES "log_sources"("id") ON DELETE CASCADE ON UPDATE CASCADE;
