import { addCustomerGroupView } from '../blocks/customer-group.ts'
import type { Subcommand } from './subcommand.ts'

export const groupAddCommand: Subcommand = {
  name: 'group add',
  usage: '/msp group add',
  summary: 'Add Customer Group',
  capability: 'editGroups',
  async run({ deps, client, triggerId, channelId, responseUrl }) {
    const settings = await deps.services.loadSettings()
    await client.views.open({
      trigger_id: triggerId,
      view: addCustomerGroupView(settings.maxCustomersPerGroup, { channel: channelId, responseUrl }),
    })
  },
}
