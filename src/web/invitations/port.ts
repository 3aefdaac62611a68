// What the invitation page needs from the portal services: the state of an invitation, and accepting it.
// The page is coded against this small port; src/web/invitations/services-port.ts binds it to the real
// services, and tests can give an in-memory one.

/** An invitation as its link's owner may see it. Nothing here is secret but the token itself. */
export type InvitationView =
  | {
      state: 'pending'
      /** The invited portal user's name and their customer's. */
      userName: string
      customerName: string
      /** `https://<portal domain>/app/login/customer_login_portal`, or null with no portal domain. */
      loginUrl: string | null
    }
  | { state: 'accepted'; userName?: string; customerName?: string; loginUrl?: string | null }
  /** Replaced by a newer invitation (reinvite), or its portal user was deleted. */
  | { state: 'revoked' }
  | { state: 'expired' }
  | { state: 'unknown' }

export type InvitationState = InvitationView['state']

/**
 * The result of accepting: `accepted` once (the portal user is now confirmed); any later or concurrent try
 * finds the invitation `used` and changes nothing; otherwise the state that prevented it.
 */
export type AcceptOutcome =
  | { outcome: 'accepted'; userName: string; customerName: string; loginUrl: string | null }
  | { outcome: 'used' | 'revoked' | 'expired' | 'unknown' }

export interface InvitationPort {
  /** Reads only: GET of the page never changes anything. */
  state(token: string): Promise<InvitationView>
  /** Confirms the invited portal user once. */
  accept(token: string): Promise<AcceptOutcome>
}
