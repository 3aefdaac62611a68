-- DropIndex
DROP INDEX "CustomerUser_customerId_archived_idx";

-- AlterTable
-- (edited: rows already there get their keys from their names, new rows must give them)
ALTER TABLE "CustomerUser" ADD COLUMN     "externalId" TEXT,
ADD COLUMN     "firstNameKey" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "lastNameKey" TEXT NOT NULL DEFAULT '';
UPDATE "CustomerUser" SET "firstNameKey" = lower("firstName"), "lastNameKey" = lower("lastName");
ALTER TABLE "CustomerUser" ALTER COLUMN "firstNameKey" DROP DEFAULT, ALTER COLUMN "lastNameKey" DROP DEFAULT;

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "subscriptionTermMonths" INTEGER NOT NULL DEFAULT 12;

-- CreateIndex
CREATE INDEX "CustomerUser_customerId_archived_email_idx" ON "CustomerUser"("customerId", "archived", "email");

-- CreateIndex
CREATE INDEX "CustomerUser_customerId_archived_firstNameKey_id_idx" ON "CustomerUser"("customerId", "archived", "firstNameKey", "id");

-- CreateIndex
CREATE INDEX "CustomerUser_customerId_archived_lastNameKey_id_idx" ON "CustomerUser"("customerId", "archived", "lastNameKey", "id");

-- CreateIndex
CREATE INDEX "CustomerUser_customerId_subscriptionExpiresAt_idx" ON "CustomerUser"("customerId", "subscriptionExpiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerUser_customerId_externalId_key" ON "CustomerUser"("customerId", "externalId");
