// Signed Slack requests for the load test: a fresh timestamp, signature, trigger_id and response_url each.

import { ACTION, BLOCK, CALLBACK } from '../src/slack/ids.ts'
import { encodeMetadata } from '../src/slack/metadata.ts'
import { TEST_CHANNEL_ID } from '../test/support/slack-ids.ts'
import {
  blockSuggestion,
  newTriggerId,
  signBody,
  slashCommandBody,
  stateValue,
  viewPayload,
  viewSubmission,
} from '../test/support/slack-request.ts'
import { type Fixtures, SIGNING_SECRET } from './ipc.ts'

export type Workload = 'command' | 'customers' | 'options' | 'view' | 'save'

/** In this order: 'save' renames the group, so the no-op 'view' (which sends the original name) goes first. */
export const WORKLOADS: readonly Workload[] = ['command', 'customers', 'options', 'view', 'save']

export const WORKLOAD_LABEL: Record<Workload, string> = {
  command: '/msp help (slash command)',
  customers: '/msp customers (5 customers from the database)',
  options: 'block_suggestion customers (options load)',
  view: 'view_submission customer_group (no change)',
  save: 'view_submission customer_group (rename: a real save)',
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

/** `/msp customers` as Slack sends it. */
export function customersBody(fixtures: Fixtures, responseUrlPrefix: string): string {
  return slashCommandBody({
    text: 'customers',
    userId: fixtures.slackUserId,
    responseUrl: nextResponseUrl(responseUrlPrefix),
    triggerId: newTriggerId(),
  })
}

/** The customers select of Edit Customer Group loading its options for "e" (Zylker, Acme, Umbrella…). */
export function optionsBody(fixtures: Fixtures): string {
  const payload = blockSuggestion({
    userId: fixtures.slackUserId,
    actionId: ACTION.pickCustomers,
    blockId: BLOCK.customers,
    value: 'e',
    view: viewPayload({
      id: 'VBENCHOPTIONS',
      callbackId: CALLBACK.customerGroup,
      privateMetadata: encodeMetadata({ id: fixtures.groupId, channel: TEST_CHANNEL_ID }),
    }),
  })
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString()
}

/**
 * Edit Customer Group submitted with the group's current customers, users and default flag. `rename`: with a
 * new name each time and no form version (so concurrent saves are not refused as changed meanwhile): the
 * save checks the name, updates the group and writes an audit row. Otherwise the current name and the
 * form's version: a save that changes nothing.
 */
export function viewBody(fixtures: Fixtures, responseUrlPrefix: string, rename = false): string {
  const payload = viewSubmission({
    userId: fixtures.slackUserId,
    callbackId: CALLBACK.customerGroup,
    triggerId: newTriggerId(),
    privateMetadata: encodeMetadata({
      id: fixtures.groupId,
      version: rename ? undefined : fixtures.formVersion,
      channel: TEST_CHANNEL_ID,
      responseUrl: nextResponseUrl(responseUrlPrefix),
    }),
    values: {
      [BLOCK.name]: {
        [ACTION.groupName]: stateValue.text(
          rename ? `${fixtures.groupName} ${++counter}` : fixtures.groupName,
        ),
      },
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
  switch (workload) {
    case 'command':
      return commandBody(fixtures, responseUrlPrefix)
    case 'customers':
      return customersBody(fixtures, responseUrlPrefix)
    case 'options':
      return optionsBody(fixtures)
    case 'view':
      return viewBody(fixtures, responseUrlPrefix)
    case 'save':
      return viewBody(fixtures, responseUrlPrefix, true)
  }
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
