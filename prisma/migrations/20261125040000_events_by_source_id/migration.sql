-- Detection rules read a source's events in id order from a cursor.
-- CreateIndex
CREATE INDEX "events_source_id_id_idx" ON "events"("source_id", "id");
