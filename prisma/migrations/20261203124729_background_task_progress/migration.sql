-- AlterTable
ALTER TABLE "BackgroundTask" ADD COLUMN     "added" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "batchesCommitted" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "customerId" INTEGER,
ADD COLUMN     "customerName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "error" TEXT,
ADD COLUMN     "fileName" TEXT,
ADD COLUMN     "lastLine" INTEGER,
ADD COLUMN     "mode" TEXT NOT NULL DEFAULT 'addValid',
ADD COLUMN     "mspUserId" INTEGER,
ADD COLUMN     "progressChannel" TEXT,
ADD COLUMN     "progressTs" TEXT,
ADD COLUMN     "rejected" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rejectedRows" JSONB,
ADD COLUMN     "requestedByName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rowsDone" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "skipped" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "skippedRows" JSONB,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "totalRows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updated" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "BackgroundTask_mspUserId_createdAt_idx" ON "BackgroundTask"("mspUserId", "createdAt");

-- CreateIndex
CREATE INDEX "BackgroundTask_createdAt_idx" ON "BackgroundTask"("createdAt");
