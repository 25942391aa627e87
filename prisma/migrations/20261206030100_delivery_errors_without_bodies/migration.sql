-- Delivery errors used to quote the first 200 characters of the receiver's answer, which
-- let the delivery log read internal services. They now show a status and a short reason
-- only; this rewrites the errors stored before, in the delivery log and in alert
-- timelines, so no earlier answer stays on screen.
UPDATE "alert_deliveries"
SET "last_error" = 'The destination answered HTTP ' || substring("last_error" from '^The destination answered HTTP (\d{3}): ') || '.'
  || CASE
       WHEN "last_error" ~ ' Not retried: check the URL and the receiver\.$' THEN ' Not retried: check the URL and the receiver.'
       WHEN "last_error" ~ ' Gave up after \d+ attempts\.$' THEN ' Gave up after ' || substring("last_error" from ' Gave up after (\d+) attempts\.$') || ' attempts.'
       ELSE ''
     END
WHERE "last_error" ~ '^The destination answered HTTP \d{3}: ';

UPDATE "alert_activities"
SET "message" = regexp_replace("message", 'The destination answered HTTP (\d{3}): .*$', 'The destination answered HTTP \1.')
WHERE "action" = 'notified' AND "message" ~ 'The destination answered HTTP \d{3}: ';
