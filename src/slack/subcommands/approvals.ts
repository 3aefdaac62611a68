import { approvalListReply } from '../blocks/approvals.ts'
import type { Subcommand } from './subcommand.ts'

/** Pending four-eyes requests: approvers see all of them with Approve / Deny; anyone else their own. */
export const approvalsCommand: Subcommand = {
  name: 'approvals',
  usage: '/msp approvals',
  summary: 'Requests waiting for an admin’s approval (admins decide them here)',
  capability: 'read',
  async run({ actor, deps, respond }) {
    await respond(approvalListReply(await deps.services.approvals.pending(actor)))
  },
}
