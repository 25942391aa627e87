-- Each person chooses the time zone the console shows times in; everyone starts on UTC,
-- what the console showed before. A constant default: no table rewrite.
-- AlterTable
ALTER TABLE "users" ADD COLUMN     "time_zone" TEXT NOT NULL DEFAULT 'UTC';
