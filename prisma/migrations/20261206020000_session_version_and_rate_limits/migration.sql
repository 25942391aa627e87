-- Sessions carry the user's session version, so sign-out, a password change or reset,
-- disabling and a role change end every earlier session. Sign-in throttling and REST API
-- rate limiting share one table of atomic counters; failed sign-ins are tallied so the
-- audit trail gets one entry per address, account and window instead of one per attempt.
-- DropTable
DROP TABLE "sign_in_throttles";

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "must_change_password" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "session_version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "hits" INTEGER NOT NULL DEFAULT 0,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "blocked_until" TIMESTAMPTZ(3),
    "last_grant_id" UUID,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "sign_in_failure_tallies" (
    "key" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "user_id" UUID,
    "client_ip" TEXT,
    "reason" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,
    "failures" INTEGER NOT NULL,
    "reported" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "sign_in_failure_tallies_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "sign_in_failure_tallies_window_start_idx" ON "sign_in_failure_tallies"("window_start");
