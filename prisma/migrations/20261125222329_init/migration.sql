-- CreateEnum
CREATE TYPE "GroupMode" AS ENUM ('shared', 'exclusive');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'manager', 'technician', 'viewer');

-- CreateEnum
CREATE TYPE "DataCenter" AS ENUM ('us', 'eu');

-- CreateEnum
CREATE TYPE "PortalUserStatus" AS ENUM ('unconfirmed', 'enabled', 'disabled');

-- CreateEnum
CREATE TYPE "CustomerUserSource" AS ENUM ('manual', 'csv', 'directory');

-- CreateEnum
CREATE TYPE "AgentStatus" AS ENUM ('success', 'unknown', 'failed');

-- CreateEnum
CREATE TYPE "PendingStatus" AS ENUM ('pending', 'applied', 'superseded', 'cancelled');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('pending', 'approved', 'denied');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "Setting" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "groupMode" "GroupMode" NOT NULL DEFAULT 'shared',
    "maxCustomersPerGroup" INTEGER NOT NULL DEFAULT 20,
    "maxGroupsPerUser" INTEGER NOT NULL DEFAULT 10,
    "portalDeleteNeedsApproval" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MspUser" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL DEFAULT 'viewer',
    "slackUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MspUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Customer" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "dataCenter" "DataCenter" NOT NULL DEFAULT 'us',
    "portalDomain" TEXT,
    "accountContactId" INTEGER,
    "subscriptionsPurchased" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerGroup" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupCustomer" (
    "groupId" INTEGER NOT NULL,
    "customerId" INTEGER NOT NULL,

    CONSTRAINT "GroupCustomer_pkey" PRIMARY KEY ("groupId","customerId")
);

-- CreateTable
CREATE TABLE "GroupMember" (
    "groupId" INTEGER NOT NULL,
    "mspUserId" INTEGER NOT NULL,

    CONSTRAINT "GroupMember_pkey" PRIMARY KEY ("groupId","mspUserId")
);

-- CreateTable
CREATE TABLE "DirectLink" (
    "customerId" INTEGER NOT NULL,
    "mspUserId" INTEGER NOT NULL,

    CONSTRAINT "DirectLink_pkey" PRIMARY KEY ("customerId","mspUserId")
);

-- CreateTable
CREATE TABLE "Association" (
    "mspUserId" INTEGER NOT NULL,
    "customerId" INTEGER NOT NULL,

    CONSTRAINT "Association_pkey" PRIMARY KEY ("mspUserId","customerId")
);

-- CreateTable
CREATE TABLE "AlertGroup" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,

    CONSTRAINT "AlertGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertGroupMember" (
    "alertGroupId" INTEGER NOT NULL,
    "mspUserId" INTEGER NOT NULL,

    CONSTRAINT "AlertGroupMember_pkey" PRIMARY KEY ("alertGroupId","mspUserId")
);

-- CreateTable
CREATE TABLE "PortalUser" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" "PortalUserStatus" NOT NULL DEFAULT 'unconfirmed',
    "role" TEXT NOT NULL DEFAULT 'operator',
    "isAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PortalUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PortalInvitation" (
    "id" SERIAL NOT NULL,
    "portalUserId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "PortalInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerUser" (
    "id" SERIAL NOT NULL,
    "customerId" INTEGER NOT NULL,
    "email" TEXT NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "source" "CustomerUserSource" NOT NULL DEFAULT 'manual',
    "agentStatus" "AgentStatus" NOT NULL DEFAULT 'unknown',
    "subscriptionExpiresAt" TIMESTAMP(3),
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomerUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorSlackId" TEXT,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "targetType" TEXT NOT NULL,
    "targetName" TEXT NOT NULL,
    "customers" TEXT[],
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IdempotencyKey" (
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyKey_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "PendingPlan" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorSlackId" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "planHash" TEXT NOT NULL,
    "status" "PendingStatus" NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingPlan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "status" "ApprovalStatus" NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BackgroundTask" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "TaskStatus" NOT NULL DEFAULT 'queued',
    "requestedBy" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BackgroundTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMail" (
    "id" SERIAL NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MspUser_email_key" ON "MspUser"("email");

-- CreateIndex
CREATE UNIQUE INDEX "MspUser_slackUserId_key" ON "MspUser"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_nameKey_key" ON "Customer"("nameKey");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerGroup_nameKey_key" ON "CustomerGroup"("nameKey");

-- CreateIndex
CREATE INDEX "GroupCustomer_customerId_idx" ON "GroupCustomer"("customerId");

-- CreateIndex
CREATE INDEX "GroupMember_mspUserId_idx" ON "GroupMember"("mspUserId");

-- CreateIndex
CREATE INDEX "DirectLink_mspUserId_idx" ON "DirectLink"("mspUserId");

-- CreateIndex
CREATE INDEX "Association_customerId_idx" ON "Association"("customerId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertGroup_customerId_nameKey_key" ON "AlertGroup"("customerId", "nameKey");

-- CreateIndex
CREATE INDEX "AlertGroupMember_mspUserId_idx" ON "AlertGroupMember"("mspUserId");

-- CreateIndex
CREATE UNIQUE INDEX "PortalUser_customerId_email_key" ON "PortalUser"("customerId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "PortalInvitation_token_key" ON "PortalInvitation"("token");

-- CreateIndex
CREATE INDEX "PortalInvitation_portalUserId_idx" ON "PortalInvitation"("portalUserId");

-- CreateIndex
CREATE INDEX "CustomerUser_customerId_archived_idx" ON "CustomerUser"("customerId", "archived");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerUser_customerId_email_key" ON "CustomerUser"("customerId", "email");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_targetType_targetName_idx" ON "AuditLog"("targetType", "targetName");

-- CreateIndex
CREATE INDEX "PendingPlan_status_createdAt_idx" ON "PendingPlan"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Approval_status_idx" ON "Approval"("status");

-- CreateIndex
CREATE INDEX "BackgroundTask_status_idx" ON "BackgroundTask"("status");

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_accountContactId_fkey" FOREIGN KEY ("accountContactId") REFERENCES "MspUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupCustomer" ADD CONSTRAINT "GroupCustomer_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CustomerGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupCustomer" ADD CONSTRAINT "GroupCustomer_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "CustomerGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupMember" ADD CONSTRAINT "GroupMember_mspUserId_fkey" FOREIGN KEY ("mspUserId") REFERENCES "MspUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectLink" ADD CONSTRAINT "DirectLink_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DirectLink" ADD CONSTRAINT "DirectLink_mspUserId_fkey" FOREIGN KEY ("mspUserId") REFERENCES "MspUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Association" ADD CONSTRAINT "Association_mspUserId_fkey" FOREIGN KEY ("mspUserId") REFERENCES "MspUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Association" ADD CONSTRAINT "Association_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertGroup" ADD CONSTRAINT "AlertGroup_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertGroupMember" ADD CONSTRAINT "AlertGroupMember_alertGroupId_fkey" FOREIGN KEY ("alertGroupId") REFERENCES "AlertGroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertGroupMember" ADD CONSTRAINT "AlertGroupMember_mspUserId_fkey" FOREIGN KEY ("mspUserId") REFERENCES "MspUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalUser" ADD CONSTRAINT "PortalUser_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PortalInvitation" ADD CONSTRAINT "PortalInvitation_portalUserId_fkey" FOREIGN KEY ("portalUserId") REFERENCES "PortalUser"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CustomerUser" ADD CONSTRAINT "CustomerUser_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
