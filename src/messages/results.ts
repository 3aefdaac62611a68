// What a completed action did, in words (plain text: the Slack edge escapes it for mrkdwn).
import type { AlertGroupFixResult } from '../services/customers/alert-groups.ts'

export function alertGroupFixMessage(r: AlertGroupFixResult): string {
  switch (r.done) {
    case 'memberRemoved':
      return `Removed ${r.user} from alert group ${r.alertGroup} of ${r.customer}.`
    case 'wasNotMember':
      return `That user is no longer in alert group ${r.alertGroup} of ${r.customer}; nothing to do.`
    case 'groupDeleted':
      return `Deleted alert group ${r.alertGroup} of ${r.customer}.`
  }
}

export const groupDeletedMessage = (group: string) => `Deleted the customer group ${group}.`
