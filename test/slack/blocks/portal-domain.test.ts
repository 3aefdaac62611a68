// The portal-domain blocks and the Check DNS result for every outcome: valid Block Kit (modal and message),
// hostile customer names and domains never become markup, the record always in code format.
import { describe, expect, it } from 'vitest'
import {
  cnameRecord,
  type PortalDomainCheck,
  portalDomainInfo,
} from '../../../src/services/customers/portal-domain.ts'
import { escaped } from '../../../src/slack/blocks/mrkdwn.ts'
import {
  PORTAL_DNS,
  portalDnsCheckingView,
  portalDnsProblemView,
  portalDnsResultReply,
  portalDnsResultView,
  portalDomainBlocks,
} from '../../../src/slack/blocks/portal-domain.ts'
import { validateMessageContent, validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { expectSafe, HOSTILE } from '../hostile-text.ts'

const CUSTOMER = HOSTILE.customer
/** The longest name DNS holds (253 characters). */
const LONG_DOMAIN = `${Array.from({ length: 3 }, () => 'a'.repeat(63)).join('.')}.${'b'.repeat(57)}.example`

function checks(domain: string): PortalDomainCheck[] {
  const info = { ...portalDomainInfo(domain, 'eu'), domain }
  const base = { customer: CUSTOMER, info, record: cnameRecord(domain, info.target) }
  return [
    { ...base, outcome: 'ok' },
    { ...base, outcome: 'missing', reason: 'nxdomain' },
    { ...base, outcome: 'missing', reason: 'nodata' },
    { ...base, outcome: 'wrongTarget', found: ['<!channel>.evil.example', 'x&y.example'] },
    { ...base, outcome: 'lookupFailed', code: 'ETIMEOUT' },
    { ...base, outcome: 'lookupFailed', code: 'E<!here>' },
    { customer: CUSTOMER, info: portalDomainInfo(null, 'us'), outcome: 'noDomain' },
    { customer: CUSTOMER, info: portalDomainInfo(HOSTILE.alertGroup, 'us'), outcome: 'invalidDomain' },
  ]
}

describe('portal domain blocks', () => {
  it('the form block: domain and target in code, Check DNS only with a domain', () => {
    for (const domain of ['status.zylker.example', LONG_DOMAIN, HOSTILE.customer, null]) {
      const blocks = portalDomainBlocks(7, portalDomainInfo(domain, 'eu'))
      expect(validateMessageContent({ blocks: blocks as never })).toEqual([])
      expectSafe(blocks, { shownInMrkdwn: domain ? [domain] : [] })
      const text = JSON.stringify(blocks)
      expect(text).toContain('`customer-sp.site24x7.eu`')
      expect(text.includes(PORTAL_DNS.checkAction)).toBe(domain !== null)
    }
  })

  it('every outcome as a result modal and as a message: valid, escaped, the record in code', () => {
    for (const domain of ['status.zylker.example', LONG_DOMAIN]) {
      for (const check of checks(domain)) {
        const view = portalDnsResultView(7, check)
        expect(validateView(view, 'modal')).toEqual([])
        expect(view.callback_id).toBe(PORTAL_DNS.resultCallback)
        expectSafe(view, { shownInMrkdwn: [CUSTOMER] })
        const reply = portalDnsResultReply(7, check)
        expect(validateMessageContent({ text: reply.text.text, blocks: reply.blocks as never })).toEqual([])
        expectSafe(reply.blocks, { topLevelText: reply.text.text })
        if ('record' in check) {
          expect(JSON.stringify(view.blocks)).toContain(`\`${check.record}\``)
          expect(JSON.stringify(view.blocks)).toContain('Check again')
        } else {
          expect(JSON.stringify(view.blocks)).not.toContain('Check again')
        }
      }
    }
  })

  it('the "Looking up…" and problem views are valid modals that go back to the form', () => {
    for (const view of [portalDnsCheckingView(7), portalDnsProblemView(escaped(HOSTILE.customer))]) {
      expect(validateView(view, 'modal')).toEqual([])
      expect(view.close?.text).toBe('Back')
      expect(view.submit).toBeUndefined()
      expectSafe(view)
    }
  })
})
