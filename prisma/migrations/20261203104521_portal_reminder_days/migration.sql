-- Days an invitation of an unconfirmed portal user waits before App Home and the daily digest remind staff of it.
-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "portalReminderDays" INTEGER NOT NULL DEFAULT 3;
