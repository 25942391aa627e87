-- The per-alert notification limit counts an alert's deliveries per destination, and the
-- alert page lists them: both read this index instead of every delivery.
-- CreateIndex
CREATE INDEX "alert_deliveries_alert_id_destination_id_idx" ON "alert_deliveries"("alert_id", "destination_id");
