// Signed Slack requests for the load test: a fresh timestamp, signature, trigger_id and response_url each.

import { ACTION, BLOCK, CALLBACK } from '../src/slack/ids.ts'
import { encodeMetadata } from '../src/slack/metadata.ts'
import { TEST_CHANNEL_ID } from '../test/support/slack-ids.ts'
import {
  newTriggerId,
  signBody,
  slashCommandBody,
  stateValue,
  viewSubmission,
} from '../test/support/slack-request.ts'
import { type Fixtures, SIGNING_SECRET } from './ipc.ts'

export type Workload = 'command' | 'view'

export const WORKLOAD_LABEL: Record<Workload, string> = {
  command: '/msp help (slash command)',
  view: 'view_submission customer_group (no change)',
}

let counter = 0
const nextResponseUrl = (prefix: string) => `${prefix}bench-${process.pid}-${++counter}`

/** `/msp help` as Slack sends it. */
export function commandBody(fixtures: Fixtures, responseUrlPrefix: string): string {
  return slashCommandBody({
    text: 'help',
    userId: fixtures.slackUserId,
    responseUrl: nextResponseUrl(responseUrlPrefix),
    triggerId: newTriggerId(),
  })
}

/** Edit Customer Group submitted with the group's current name, customers, users and default flag. */
export function viewBody(fixtures: Fixtures, responseUrlPrefix: string): string {
  const payload = viewSubmission({
    userId: fixtures.slackUserId,
    callbackId: CALLBACK.customerGroup,
    triggerId: newTriggerId(),
    privateMetadata: encodeMetadata({
      id: fixtures.groupId,
      version: fixtures.formVersion,
      channel: TEST_CHANNEL_ID,
      responseUrl: nextResponseUrl(responseUrlPrefix),
    }),
    values: {
      [BLOCK.name]: { [ACTION.groupName]: stateValue.text(fixtures.groupName) },
      [BLOCK.customers]: {
        [ACTION.pickCustomers]: stateValue.multiExternalSelect(fixtures.groupCustomerIds.map(String)),
      },
      [BLOCK.users]: {
        [ACTION.pickUsers]: stateValue.multiExternalSelect(fixtures.groupUserIds.map(String)),
      },
      [BLOCK.isDefault]: {
        [ACTION.isDefault]: stateValue.checkboxes(fixtures.groupIsDefault ? ['default'] : []),
      },
    },
  })
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}

export function bodyFor(workload: Workload, fixtures: Fixtures, responseUrlPrefix: string): string {
  return workload === 'command'
    ? commandBody(fixtures, responseUrlPrefix)
    : viewBody(fixtures, responseUrlPrefix)
}

/** Slack's request headers for `body`, signed now. */
export function signedHeaders(body: string): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000)
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signBody(SIGNING_SECRET, body, timestamp),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  }
}
