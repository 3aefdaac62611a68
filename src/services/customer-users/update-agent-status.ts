// A device-management agent reports a customer user's agent status (POST /api/agent-status).
import { type Db, Prisma } from '../../db/client.ts'
import { inTransaction } from '../../db/transaction.ts'
import { type AgentStatus, normalizeCustomerUserEmail } from '../../domain/customer-users.ts'
import { nameKey } from '../../domain/names.ts'
import { type Actor, changeAndAudit } from '../audit.ts'

/** Who changes agent statuses in the audit log. */
export const AGENT_ACTOR: Actor = { slackUserId: null, name: 'agent' }

export interface AgentStatusReport {
  /** The customer by name (case-insensitive) or by id. */
  customer: { name: string } | { id: number }
  email: string
  status: AgentStatus
}

export type AgentStatusOutcome =
  /** `changed` false: the user already had that status; nothing was written. */
  | { status: 'updated'; customer: string; email: string; agentStatus: AgentStatus; changed: boolean }
  | { status: 'unknownCustomer' }
  | { status: 'unknownUser' }

/** Records an agent's report on one user (archived users too); audited when the status changes. */
export async function updateAgentStatus(db: Db, report: AgentStatusReport): Promise<AgentStatusOutcome> {
  const email = normalizeCustomerUserEmail(report.email)
  return inTransaction(db, async (tx) => {
    const customer = await tx.customer.findUnique({
      where:
        'id' in report.customer ? { id: report.customer.id } : { nameKey: nameKey(report.customer.name) },
      select: { id: true, name: true },
    })
    if (!customer) return { status: 'unknownCustomer' as const }
    const user = await tx.customerUser.findUnique({
      where: { customerId_email: { customerId: customer.id, email } },
      select: { id: true, agentStatus: true },
    })
    if (!user) return { status: 'unknownUser' as const }
    const changed =
      user.agentStatus !== report.status &&
      (await changeAndAudit(
        tx,
        AGENT_ACTOR,
        { action: 'customer-user.agent-status', targetType: 'customer-user', customers: [customer.name] },
        Prisma.sql`UPDATE "CustomerUser" AS u SET "agentStatus" = ${report.status}::"AgentStatus"
          FROM "CustomerUser" AS old
          WHERE old."id" = u."id" AND u."id" = ${user.id} AND u."agentStatus" <> ${report.status}::"AgentStatus"
          RETURNING u."email" AS "targetName", jsonb_build_object('agentStatus', old."agentStatus") AS "before",
            jsonb_build_object('agentStatus', u."agentStatus") AS "after"`,
      ))
    return { status: 'updated' as const, customer: customer.name, email, agentStatus: report.status, changed }
  })
}
