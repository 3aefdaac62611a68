-- AlterEnum
ALTER TYPE "ApprovalStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN     "channelId" TEXT,
ADD COLUMN     "decidedByName" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "messageTs" TEXT,
ADD COLUMN     "outcome" TEXT,
ADD COLUMN     "reason" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "requestedByName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "requesterMspUserId" INTEGER;

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "approvalActions" TEXT[] DEFAULT ARRAY['delete']::TEXT[],
ADD COLUMN     "approvalExpiryHours" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "approverRole" "StaffRole" NOT NULL DEFAULT 'admin';

-- CreateIndex
CREATE INDEX "Approval_status_expiresAt_idx" ON "Approval"("status", "expiresAt");
