-- Search filters by result and product, newest first, and lists their values for the
-- filter bar: both read these indexes instead of every row.
-- CreateIndex
CREATE INDEX "events_result_event_time_idx" ON "events"("result", "event_time");

-- CreateIndex
CREATE INDEX "events_product_event_time_idx" ON "events"("product", "event_time");
