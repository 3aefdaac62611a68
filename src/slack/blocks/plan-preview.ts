// What a save will do, pair by pair, before it runs; and the failure notification for blocked saves.
import type { ActionsBlock, KnownBlock, ModalView } from '@slack/types'
import { type BlockView, type PlanView, SUMMARY_CHANGES_MAX } from '../../services/associations/plan-view.ts'
import { ACTION, CALLBACK } from '../ids.ts'
import { encodeMetadata, type FormMetadata } from '../metadata.ts'
import { button, confirmDialog, context, divider, linesToSections, plain, section } from './block-kit.ts'
import { MESSAGE_BLOCKS_MAX, MODAL_BLOCKS_MAX, VIEW_LINES_BYTES_MAX } from './limits.ts'
import { joinMrkdwn, type Mrkdwn, mention, mrkdwn } from './mrkdwn.ts'

/** Fix buttons shown (the rest are listed in text): keeps previews within Slack's block limits. */
export const MAX_FIX_ROWS = 10
/** Pair lines shown in a preview or notification; the rest are counted per kind. */
export const MAX_PLAN_LINES = 150

export type PreviewKind = 'preview' | 'blocked' | 'stale'

const KINDS = ['blocked', 'removed', 'kept', 'added'] as const
type PairKind = (typeof KINDS)[number]

interface KindedLines {
  lines: Mrkdwn[]
  kinds: PairKind[]
}

/** Blocked pairs first, so their reasons stay visible when the list is cut. */
function planLines(view: PlanView): KindedLines {
  const lines: KindedLines = { lines: [], kinds: [] }
  const add = (kind: PairKind, texts: Mrkdwn[]) => {
    lines.lines.push(...texts)
    lines.kinds.push(...texts.map(() => kind))
  }
  add(
    'blocked',
    view.blocked.map(
      (b) => mrkdwn`:no_entry: *${b.user}* cannot leave *${b.customer}*: ${b.reason} — ${b.fix}`,
    ),
  )
  add(
    'removed',
    view.removed.map((p) => mrkdwn`:heavy_minus_sign: *${p.user}* removed from *${p.customer}*`),
  )
  add(
    'kept',
    view.kept.map((p) => mrkdwn`:white_check_mark: *${p.user}* kept on *${p.customer}* — via ${p.keptBy}`),
  )
  add(
    'added',
    view.added.map((p) => mrkdwn`:heavy_plus_sign: *${p.user}* added to *${p.customer}*`),
  )
  return lines
}

/** At most MAX_PLAN_LINES lines, then "…and N more (X removed, Y kept)" counting what was left out. */
function boundedSections({ lines, kinds }: KindedLines, maxBlocks: number): KnownBlock[] {
  return linesToSections(lines, maxBlocks, {
    maxLines: MAX_PLAN_LINES,
    maxBytes: VIEW_LINES_BYTES_MAX,
    more: (hidden, from) => {
      const left = kinds.slice(from)
      const counts = KINDS.map((k) => [k, left.filter((x) => x === k).length] as const)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
      return mrkdwn`…and ${hidden} more (${counts.join(', ')})`
    },
  })
}

/** The value a fix button carries: what to fix, as compact JSON. */
export function fixValue(b: BlockView): string {
  return JSON.stringify(
    b.fixAction.kind === 'change-account-contact'
      ? { c: b.customerId }
      : { c: b.customerId, a: b.fixAction.alertGroupId, u: b.userId },
  )
}

export function fixButtons(blocked: readonly BlockView[]): ActionsBlock[] {
  const seen = new Set<string>()
  const rows: ActionsBlock[] = []
  for (const b of blocked) {
    const key = `${b.fixAction.kind}:${fixValue(b)}`
    if (seen.has(key) || rows.length >= MAX_FIX_ROWS) continue
    seen.add(key)
    if (b.fixAction.kind === 'change-account-contact') {
      rows.push({
        type: 'actions',
        elements: [
          button(`Change Account Contact of ${b.customer}`, ACTION.fixAccountContact, String(b.customerId)),
        ],
      })
    } else {
      const { alertGroup } = b.fixAction
      rows.push({
        type: 'actions',
        elements: [
          button(`Remove ${b.user} from ${alertGroup}`, ACTION.fixRemoveAlertMember, fixValue(b), {
            confirm: confirmDialog(
              'Remove from alert group?',
              mrkdwn`Remove *${b.user}* from alert group *${alertGroup}* of *${b.customer}*?`,
            ),
          }),
          button(`Delete alert group ${alertGroup}`, ACTION.fixDeleteAlertGroup, fixValue(b), {
            style: 'danger',
            confirm: confirmDialog(
              'Delete alert group?',
              mrkdwn`Delete alert group *${alertGroup}* of *${b.customer}*?`,
              'Yes',
              'danger',
            ),
          }),
        ],
      })
    }
  }
  return rows
}

const INTRO: Record<PreviewKind, Mrkdwn> = {
  preview: mrkdwn`This save removes associations. Check each pair, then *Confirm* to apply exactly this.`,
  stale: mrkdwn`:warning: The data changed since your preview, so nothing was applied. Here is what the save would do now.`,
  blocked: mrkdwn`:no_entry: This save cannot run, so *nothing was changed*. Fix what blocks it, then save again.`,
}

export function planPreviewView(
  kind: PreviewKind,
  subject: string,
  view: PlanView,
  meta: FormMetadata,
): ModalView {
  const fixes = kind === 'blocked' ? fixButtons(view.blocked) : []
  const budget = MODAL_BLOCKS_MAX - 3 - fixes.length
  return {
    type: 'modal',
    callback_id: CALLBACK.planPreview,
    title: plain(kind === 'blocked' ? 'Save blocked' : 'Confirm changes'),
    ...(kind === 'blocked' ? {} : { submit: plain('Confirm') }),
    close: plain('Back'),
    notify_on_close: true, // closing without Confirm cancels the pending plan
    private_metadata: encodeMetadata(meta),
    blocks: [
      section(mrkdwn`*${subject}*\n${INTRO[kind]}`),
      divider(),
      ...boundedSections(planLines(view), budget),
      ...fixes,
    ],
  }
}

/** Posted to MSP_NOTIFY_CHANNEL when a save is blocked. `subject` is plain text ("group Zoho"), escaped here. */
export function failureNotificationBlocks(
  actorSlackId: string | null,
  subject: string,
  view: PlanView,
): KnownBlock[] {
  const who = actorSlackId ? mention(actorSlackId) : 'The CLI'
  const fixes = fixButtons(view.blocked)
  const lines = view.blocked.map((b) => mrkdwn`• *${b.user}* on *${b.customer}*: ${b.reason} — ${b.fix}`)
  return [
    section(
      mrkdwn`:rotating_light: ${who} tried to save *${subject}*, but it was blocked; nothing was changed.`,
    ),
    ...boundedSections({ lines, kinds: lines.map(() => 'blocked') }, MESSAGE_BLOCKS_MAX - 2 - fixes.length),
    ...fixes,
    context(mrkdwn`Fix the blockers, then save again.`),
  ]
}

/** The notification's `text` (mrkdwn too): up to SUMMARY_CHANGES_MAX blocked pairs, then how many more. */
export function failureNotificationText(subject: string, view: PlanView): Mrkdwn {
  const shown = view.blocked
    .slice(0, SUMMARY_CHANGES_MAX)
    .map((b) => mrkdwn`${b.user} on ${b.customer} (${b.fix})`)
  const hidden = view.blocked.length - shown.length
  const parts = [...shown, ...(hidden > 0 ? [mrkdwn`and ${hidden} more blocked`] : [])]
  return mrkdwn`Blocked save of ${subject}: ${joinMrkdwn(parts, '; ')}`
}
