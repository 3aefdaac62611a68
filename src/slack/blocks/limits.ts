// Slack's Block Kit limits (slack-specs/block-kit-limits.json) that the views design around.
export const MODAL_TITLE_MAX = 24
export const MODAL_BLOCKS_MAX = 100
export const MESSAGE_BLOCKS_MAX = 50
export const SECTION_TEXT_MAX = 3000
export const BUTTON_TEXT_MAX = 75
export const OPTION_TEXT_MAX = 75
export const PRIVATE_METADATA_MAX = 3000
export const CONFIRM_TEXT_MAX = 300
/** Slack's limit on a serialized view is 250 kB; a view's list of lines takes at most this, leaving room for the rest. */
export const VIEW_LINES_BYTES_MAX = 200_000

/** Cuts text to a limit, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
