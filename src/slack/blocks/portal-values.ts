// What the `/msp portal` list's buttons and select carry: which customer, which category and page the
// list showed, and (on a row's action) which portal user as it was shown. Built here, parsed back by the
// listeners; anything that does not parse is a forged or stale click.
import { z } from 'zod'
import {
  isPortalUserStatus,
  PORTAL_USER_STATUSES as PORTAL_STATUSES,
  type PortalUserStatus as PortalStatus,
} from '../../domain/portal-users.ts'

export { PORTAL_STATUSES, type PortalStatus }
/** A list's category: one status, or all of them grouped by status. */
export type PortalCategory = PortalStatus | 'all'
export const PORTAL_CATEGORIES: readonly PortalCategory[] = ['all', ...PORTAL_STATUSES]

/** Which list a message shows: the customer, the category and the page (0-based). */
export interface PortalListRef {
  customerId: number
  category: PortalCategory
  page: number
}

/** A row's action: the list it sits in, and the portal user it acts on. */
export interface PortalRowRef extends PortalListRef {
  portalUserId: number
  /** When the invitation the row showed was sent (ms), for unconfirmed users: a second Reinvite of it is a repeat. */
  invitedAt?: number
}

const category = z.enum(['all', ...PORTAL_STATUSES])
const id = z.number().int().positive()

const listValue = z.object({ c: id, s: category, p: z.number().int().min(0).max(100_000) })
const rowValue = listValue.extend({ u: id, i: z.number().int().min(0).optional() })

export const encodeListRef = (ref: PortalListRef): string =>
  JSON.stringify({ c: ref.customerId, s: ref.category, p: ref.page })

export const encodeRowRef = (ref: PortalRowRef): string =>
  JSON.stringify({ c: ref.customerId, s: ref.category, p: ref.page, u: ref.portalUserId, i: ref.invitedAt })

function parseJson(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? '')
  } catch {
    return undefined
  }
}

/** The list a button or option value names, or null when the value is not one this app built. */
export function parseListRef(value: string | undefined): PortalListRef | null {
  const parsed = listValue.safeParse(parseJson(value))
  if (!parsed.success) return null
  return { customerId: parsed.data.c, category: parsed.data.s, page: parsed.data.p }
}

/** The row a button value names, or null when the value is not one this app built. */
export function parseRowRef(value: string | undefined): PortalRowRef | null {
  const parsed = rowValue.safeParse(parseJson(value))
  if (!parsed.success) return null
  return {
    customerId: parsed.data.c,
    category: parsed.data.s,
    page: parsed.data.p,
    portalUserId: parsed.data.u,
    ...(parsed.data.i === undefined ? {} : { invitedAt: parsed.data.i }),
  }
}

/** `enabled`, `disabled`, `unconfirmed` (any case) as a category; anything else is not one. */
export function categoryFromText(text: string): PortalStatus | null {
  const word = text.trim().toLowerCase()
  return isPortalUserStatus(word) ? word : null
}
