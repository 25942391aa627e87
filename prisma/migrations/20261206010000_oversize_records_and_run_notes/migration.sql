-- A record larger than the record limit is kept as a classification failure holding only
-- its first bytes; raw_bytes and raw_sha256 describe the whole record. A pull run that
-- succeeded says how it ended. Both are new nullable columns: no table rewrite.
-- AlterTable
ALTER TABLE "classification_failures" ADD COLUMN     "raw_bytes" INTEGER,
ADD COLUMN     "raw_sha256" TEXT;

-- AlterTable
ALTER TABLE "pull_runs" ADD COLUMN     "note" TEXT;
