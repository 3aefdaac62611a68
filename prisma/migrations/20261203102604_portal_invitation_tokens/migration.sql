-- Invitations keep only the SHA-256 of their token, expire, and outlive a deleted portal user (revoked).
-- Nothing wrote invitations before this migration, and a plain token could not be converted anyway.
DELETE FROM "PortalInvitation";

-- DropForeignKey
ALTER TABLE "PortalInvitation" DROP CONSTRAINT "PortalInvitation_portalUserId_fkey";

-- DropIndex
DROP INDEX "PortalInvitation_token_key";

-- AlterTable
ALTER TABLE "PortalInvitation" DROP COLUMN "token",
ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "revokedReason" TEXT,
ADD COLUMN     "tokenHash" TEXT NOT NULL,
ALTER COLUMN "portalUserId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Setting" ADD COLUMN     "portalInvitationDays" INTEGER NOT NULL DEFAULT 7;

-- CreateIndex
CREATE UNIQUE INDEX "PortalInvitation_tokenHash_key" ON "PortalInvitation"("tokenHash");

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_portalUserId_fkey" FOREIGN KEY ("portalUserId") REFERENCES "PortalUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

