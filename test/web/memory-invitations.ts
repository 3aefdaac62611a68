// An in-memory InvitationPort for the page's tests: invitations by token, with the portal user's status.
import type { AcceptOutcome, InvitationPort, InvitationView } from '../../src/web/invitations/port.ts'

export interface MemoryInvitation {
  userName: string
  customerName: string
  loginUrl: string | null
  status: 'pending' | 'accepted' | 'revoked' | 'expired'
}

export function memoryInvitations(entries: Record<string, MemoryInvitation> = {}) {
  const invitations = new Map(Object.entries(entries))
  const calls = { state: 0, accept: 0, accepted: 0 }
  const port: InvitationPort = {
    async state(token): Promise<InvitationView> {
      calls.state += 1
      const inv = invitations.get(token)
      if (!inv) return { state: 'unknown' }
      if (inv.status === 'pending') return { state: 'pending', ...inv }
      if (inv.status === 'accepted') return { state: 'accepted', ...inv }
      return { state: inv.status }
    },
    async accept(token): Promise<AcceptOutcome> {
      calls.accept += 1
      const inv = invitations.get(token)
      if (!inv) return { outcome: 'unknown' }
      if (inv.status === 'accepted') return { outcome: 'used' }
      if (inv.status !== 'pending') return { outcome: inv.status }
      inv.status = 'accepted'
      calls.accepted += 1
      return { outcome: 'accepted', ...inv }
    },
  }
  return { port, invitations, calls }
}
