-- AlterTable
ALTER TABLE "log_sources" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);
