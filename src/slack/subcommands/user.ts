import { can } from '../../domain/roles.ts'
import { lookupProblem } from '../blocks/lookup-problem.ts'
import { codeUsage, mrkdwn } from '../blocks/mrkdwn.ts'
import { mspUserView } from '../blocks/msp-user.ts'
import { resolveStaff } from '../handlers/resolve-staff.ts'
import type { Subcommand } from './subcommand.ts'

/** `<@U123|name>` as Slack escapes a mention, or `<mailto:a@b|a@b>` as it links an email. */
function parseUserArg(text: string): { slackUserId?: string; email?: string; name?: string } {
  const mention = text.match(/^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/)
  if (mention?.[1]) return { slackUserId: mention[1] }
  const mailto = text.match(/^<mailto:([^|>]+)(\|[^>]*)?>$/)
  if (mailto?.[1]) return { email: mailto[1] }
  return text.includes('@') ? { email: text } : { name: text }
}

export const userCommand: Subcommand = {
  name: 'user',
  usage: '/msp user <email or @mention>',
  summary: 'Edit User: an MSP user’s role and customer groups',
  capability: 'editAssociations',
  async run({ args, actor, deps, client, respond, triggerId, channelId, responseUrl }) {
    const typed = args.trim()
    if (!typed) {
      await respond({ text: mrkdwn`Which user? Usage: ${codeUsage(this.usage)}` })
      return
    }
    const parsed = parseUserArg(typed)
    let lookup = await deps.services.mspUsers.find(parsed)
    if (lookup.kind === 'missing' && parsed.slackUserId) {
      // A mention of someone not seen by Slack id yet: mapped like any Slack user, by profile email.
      const staff = await resolveStaff(deps.services, client, parsed.slackUserId)
      if (staff.kind === 'staff' && staff.actor.mspUserId !== null)
        lookup = { kind: 'found', item: { id: staff.actor.mspUserId, name: staff.actor.name } }
    }
    const problem = lookupProblem('MSP user', typed, lookup, this.usage)
    if (problem || lookup.kind !== 'found') {
      await respond({ text: problem ?? mrkdwn`` })
      return
    }
    const data = await deps.services.mspUsers.detail(lookup.item.id)
    await client.views.open({
      trigger_id: triggerId,
      view: mspUserView(
        { ...data, canChangeRole: can(actor.role, 'manageStaff') },
        { channel: channelId, responseUrl },
      ),
    })
  },
}
