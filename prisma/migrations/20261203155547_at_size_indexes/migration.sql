-- CreateIndex
CREATE INDEX "Customer_accountContactId_idx" ON "Customer"("accountContactId");

-- CreateIndex
CREATE INDEX "MspUser_name_idx" ON "MspUser"("name");
