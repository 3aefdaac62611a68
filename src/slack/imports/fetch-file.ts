// An uploaded file's bytes: files.info (bot token) gives its url_private_download, fetched with
// `Authorization: Bearer <bot token>`, at most `maxBytes` (Slack's size first, then counted while reading).
import type { WebClient } from '@slack/web-api'

export type FetchProblem =
  /** files.info refused (file_not_found, file_deleted, missing_scope, …). */
  | { code: 'slack'; error: string }
  | { code: 'tooLarge'; maxBytes: number }
  /** The download answered something else than 200 (or could not be made). */
  | { code: 'download'; status: number | null }

export type FetchedFile =
  | { ok: true; name: string; bytes: Uint8Array }
  | { ok: false; name: string | null; problem: FetchProblem }

const slackError = (error: unknown): string | null => {
  const e = error as { data?: { error?: string }; code?: string }
  return e?.data?.error ?? null
}

/** Whether a download URL may be sent the bot token: Slack's own (https, slack.com) or the API's host. */
export function mayCarryToken(url: string, slackApiUrl: string): boolean {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return false
  }
  const api = new URL(slackApiUrl)
  if (target.protocol === api.protocol && target.host === api.host) return true
  return (
    target.protocol === 'https:' &&
    (target.hostname === 'slack.com' || target.hostname.endsWith('.slack.com'))
  )
}

export async function fetchSlackFile(
  client: WebClient,
  fileId: string,
  maxBytes: number,
  fetchImpl: typeof fetch = fetch,
): Promise<FetchedFile> {
  let info: Awaited<ReturnType<WebClient['files']['info']>>
  try {
    info = await client.files.info({ file: fileId })
  } catch (error) {
    const code = slackError(error)
    if (code === null) throw error
    return { ok: false, name: null, problem: { code: 'slack', error: code } }
  }
  const name = info.file?.name ?? info.file?.title ?? fileId
  const url = info.file?.url_private_download ?? info.file?.url_private
  if (!url) return { ok: false, name, problem: { code: 'slack', error: 'no_download_url' } }
  // The bot token goes only to Slack: https on slack.com, or the host of the Web API the client uses.
  if (!mayCarryToken(url, client.slackApiUrl))
    return { ok: false, name, problem: { code: 'slack', error: 'download_url_not_slack' } }
  if ((info.file?.size ?? 0) > maxBytes) return { ok: false, name, problem: { code: 'tooLarge', maxBytes } }
  let response: Response
  try {
    response = await fetchImpl(url, { headers: { Authorization: `Bearer ${client.token ?? ''}` } })
  } catch {
    return { ok: false, name, problem: { code: 'download', status: null } }
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel()
    return { ok: false, name, problem: { code: 'download', status: response.status } }
  }
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = response.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel()
      return { ok: false, name, problem: { code: 'tooLarge', maxBytes } }
    }
    chunks.push(value)
  }
  return { ok: true, name, bytes: Buffer.concat(chunks) }
}
