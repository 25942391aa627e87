-- The normalized record is read whole and never searched inside by an index (Search
-- filters on the indexed columns), so it is kept as json (validated text) rather than
-- jsonb: ingest no longer pays for building jsonb, and the record keeps the
-- normalizer's field order. This rewrites the events table once, under an exclusive
-- lock: on a large existing store, run `npm run db:migrate` in a maintenance window.
-- AlterTable
ALTER TABLE "events" ALTER COLUMN "normalized" SET DATA TYPE JSON USING "normalized"::json;
