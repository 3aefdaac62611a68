// What a modal carries between open and submit (private_metadata), validated on the way back.
import { z } from 'zod'
import { PRIVATE_METADATA_MAX } from './blocks/limits.ts'

export const formMetadataSchema = z.object({
  /** The edited record's id (customer, group or MSP user). */
  id: z.number().int().optional(),
  /** Where the command came from: results go back there. */
  channel: z.string().optional(),
  responseUrl: z.string().optional(),
  /** On a preview: the pending plan Confirm applies. */
  pendingId: z.string().optional(),
  /** Fingerprint of what the form showed when opened (see form-version.ts). */
  version: z.string().max(64).optional(),
  /** What a preview is about ("Zylker", "group Zoho"). */
  subject: z.string().max(200).optional(),
})

export type FormMetadata = z.infer<typeof formMetadataSchema>

export function encodeMetadata(meta: FormMetadata): string {
  const text = JSON.stringify(meta)
  // A response_url is the only long field; drop it rather than exceed Slack's limit.
  return text.length <= PRIVATE_METADATA_MAX ? text : JSON.stringify({ ...meta, responseUrl: undefined })
}

export function decodeMetadata(text: string | undefined): FormMetadata {
  try {
    return formMetadataSchema.parse(JSON.parse(text || '{}'))
  } catch {
    return {}
  }
}
