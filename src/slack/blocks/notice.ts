import type { ModalView } from '@slack/types'
import { plain, section } from './block-kit.ts'
import { clip, MODAL_TITLE_MAX } from './limits.ts'
import type { Mrkdwn } from './mrkdwn.ts'

/** A modal that only tells something (a refusal, an error): nothing to submit. */
export function noticeView(title: string, text: Mrkdwn): ModalView {
  return {
    type: 'modal',
    title: plain(clip(title, MODAL_TITLE_MAX)),
    close: plain('Close'),
    blocks: [section(text)],
  }
}
