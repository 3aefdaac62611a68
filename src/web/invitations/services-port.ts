// The invitation page's port bound to the portal services (createServices().portal).
import type { Services } from '../../services/index.ts'
import type { InvitationPort } from './port.ts'

type PortalServices = Pick<Services['portal'], 'invitationState' | 'acceptInvitation'>

export function servicesInvitationPort(portal: PortalServices): InvitationPort {
  return {
    async state(token) {
      const view = await portal.invitationState(token)
      switch (view.state) {
        case 'pending':
          return {
            state: 'pending',
            userName: view.userName,
            customerName: view.customerName,
            loginUrl: view.loginUrl,
          }
        case 'accepted':
          return {
            state: 'accepted',
            userName: view.userName ?? undefined,
            customerName: view.customerName ?? undefined,
            loginUrl: view.loginUrl,
          }
        default:
          return { state: view.state }
      }
    },
    async accept(token) {
      const result = await portal.acceptInvitation(token)
      switch (result.state) {
        case 'confirmed':
          return {
            outcome: 'accepted',
            userName: result.userName,
            customerName: result.customerName,
            loginUrl: result.loginUrl,
          }
        case 'accepted':
          return { outcome: 'used' }
        default:
          return { outcome: result.state }
      }
    },
  }
}
