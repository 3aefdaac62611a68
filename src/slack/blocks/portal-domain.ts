// The portal domain on Customer Preferences (domain, the CNAME target it needs, "Check DNS") and the small
// modal that shows a check's result over the form.
import type { KnownBlock, ModalView } from '@slack/types'
import { DATA_CENTER_NAMES, portalDnsMessage } from '../../messages/portal-domain.ts'
import type { PortalDomainCheck, PortalDomainInfo } from '../../services/customers/portal-domain.ts'
import { ACTION, BLOCK, CALLBACK } from '../ids.ts'
import { button, context, plain, section } from './block-kit.ts'
import { bold, code, escaped, type Mrkdwn, mrkdwn } from './mrkdwn.ts'

/** The ids of this feature (from ../ids.ts), by role. */
export const PORTAL_DNS = {
  /** The Customer Preferences block showing the portal domain. */
  block: BLOCK.portalDomain,
  /** "Check DNS" (value: the customer id), on the form and as "Check again" on the result. */
  checkAction: ACTION.checkDns,
  /** The result modal, pushed over the form. */
  resultCallback: CALLBACK.portalDnsResult,
} as const

const TITLE = 'Portal domain DNS'

/** "Portal domain: `status.zylker.example`", the CNAME target it needs, and Check DNS when there is one. */
export function portalDomainBlocks(customerId: number, info: PortalDomainInfo): KnownBlock[] {
  const needs = mrkdwn`needs a CNAME record to ${code(info.target)} (${DATA_CENTER_NAMES[info.dataCenter]})`
  if (info.domain === null) {
    return [
      {
        ...section(mrkdwn`${bold('Portal domain:')} no portal domain. A portal domain ${needs}.`),
        block_id: PORTAL_DNS.block,
      } as KnownBlock,
    ]
  }
  return [
    {
      ...section(
        mrkdwn`${bold('Portal domain:')} ${code(info.domain)}\nIt ${needs}.`,
        button('Check DNS', PORTAL_DNS.checkAction, String(customerId)),
      ),
      block_id: PORTAL_DNS.block,
    } as KnownBlock,
  ]
}

const resultModal = (blocks: KnownBlock[], extra: Partial<ModalView> = {}): ModalView => ({
  type: 'modal',
  callback_id: PORTAL_DNS.resultCallback,
  title: plain(TITLE),
  // Closing a pushed view goes back to the form underneath, with what was typed in it.
  close: plain('Back'),
  blocks,
  ...extra,
})

/** Shown at once while the lookup runs (the click's trigger_id is valid for 3 s only; a lookup may take more). */
export const portalDnsCheckingView = (customerId: number): ModalView =>
  resultModal([section(mrkdwn`:hourglass_flowing_sand: Looking up the CNAME record…`)], {
    private_metadata: String(customerId),
  })

/** The outcome, the exact record to add (in code format) and "Check again". */
export function portalDnsResultBlocks(customerId: number, check: PortalDomainCheck): KnownBlock[] {
  const { headline, recordAdvice } = portalDnsMessage(check)
  const icon =
    check.outcome === 'ok' ? ':white_check_mark:' : check.outcome === 'lookupFailed' ? ':warning:' : ':x:'
  const blocks: KnownBlock[] = [
    context(mrkdwn`Portal domain of ${bold(check.customer)}`),
    section(mrkdwn`${icon} ${headline}`),
  ]
  if ('record' in check) {
    if (recordAdvice) blocks.push(section(mrkdwn`${recordAdvice}\n${code(check.record)}`))
    blocks.push({
      type: 'actions',
      elements: [button('Check again', PORTAL_DNS.checkAction, String(customerId))],
    })
  }
  blocks.push(context(mrkdwn`Checked at ${new Date().toISOString().slice(11, 19)} UTC.`))
  return blocks
}

export const portalDnsResultView = (customerId: number, check: PortalDomainCheck): ModalView =>
  resultModal(portalDnsResultBlocks(customerId, check), { private_metadata: String(customerId) })

/** The same as a message (when no modal could be shown): the headline is its notification text. */
export const portalDnsResultReply = (customerId: number, check: PortalDomainCheck) => ({
  text: escaped(portalDnsMessage(check).headline),
  blocks: portalDnsResultBlocks(customerId, check),
})

/** A refusal or failure in place of a result. */
export const portalDnsProblemView = (message: Mrkdwn): ModalView =>
  resultModal([section(mrkdwn`:no_entry: ${message}`)])

/** An unexpected error during a check (a read: nothing was changed). */
export const portalDnsFailedText: Mrkdwn = escaped(
  'Something went wrong on our side while checking (it was logged); nothing was changed. Try again.',
)
