// What the `/msp users` list's controls carry: which customer, search, sort, direction, whether archived
// users are shown, and the page — and, on a row's overflow option, which user and which action. Built here,
// parsed back by the listeners; anything that does not parse is a forged or stale click. Every value stays
// within Slack's 150 characters of an option value (the search is shortened when it must be).
import { z } from 'zod'

export const USER_SORTS = ['email', 'first', 'last'] as const
export type UserSort = (typeof USER_SORTS)[number]
export const SORT_DIRECTIONS = ['asc', 'desc'] as const
export type SortDirection = (typeof SORT_DIRECTIONS)[number]

/** Which list a message shows. */
export interface UserListRef {
  customerId: number
  /** Case-insensitive substring of email or name; '' for none. */
  search: string
  sort: UserSort
  direction: SortDirection
  /** Archived users shown too (marked), else hidden. */
  archived: boolean
  /** 0-based. */
  page: number
}

export const ROW_ACTIONS = ['edit', 'archive', 'restore', 'apply'] as const
export type UserRowAction = (typeof ROW_ACTIONS)[number]

/** A row's overflow option: the list it sits in, the user, and the action chosen. */
export interface UserRowRef extends UserListRef {
  userId: number
  action: UserRowAction
}

/** Slack's limit on an option's value (overflow and static_select options), the smallest value limit used. */
export const OPTION_VALUE_MAX = 150
/** The search a list remembers (and the Search modal takes) at most. */
export const SEARCH_MAX = 60

const id = z.number().int().positive()
const listValue = z.object({
  c: id,
  q: z.string().max(SEARCH_MAX).default(''),
  o: z.enum(USER_SORTS),
  d: z.enum(SORT_DIRECTIONS),
  a: z.union([z.literal(0), z.literal(1)]),
  p: z.number().int().min(0).max(100_000),
})
const rowValue = listValue.extend({ u: id, x: z.enum(ROW_ACTIONS) })

export const defaultListRef = (customerId: number): UserListRef => ({
  customerId,
  search: '',
  sort: 'email',
  direction: 'asc',
  archived: false,
  page: 0,
})

const compact = (ref: UserListRef, search: string) => ({
  c: ref.customerId,
  q: search,
  o: ref.sort,
  d: ref.direction,
  a: ref.archived ? 1 : 0,
  p: ref.page,
})

/** JSON of `fields(search)`, the search shortened (by characters) until the JSON fits `max`. */
function fitted(search: string, fields: (search: string) => object, max: number): string {
  let q = search.slice(0, SEARCH_MAX)
  let text = JSON.stringify(fields(q))
  while (text.length > max && q.length > 0) {
    q = q.slice(0, -1)
    text = JSON.stringify(fields(q))
  }
  return text
}

export const encodeListRef = (ref: UserListRef): string =>
  fitted(ref.search, (q) => compact(ref, q), OPTION_VALUE_MAX)

export const encodeRowRef = (ref: UserRowRef): string =>
  fitted(ref.search, (q) => ({ ...compact(ref, q), u: ref.userId, x: ref.action }), OPTION_VALUE_MAX)

function parseJson(value: string | undefined): unknown {
  try {
    return JSON.parse(value ?? '')
  } catch {
    return undefined
  }
}

const fromCompact = (v: z.infer<typeof listValue>): UserListRef => ({
  customerId: v.c,
  search: v.q,
  sort: v.o,
  direction: v.d,
  archived: v.a === 1,
  page: v.p,
})

/** The list a control's value names, or null when the value is not one this app built. */
export function parseListRef(value: string | undefined): UserListRef | null {
  const parsed = listValue.safeParse(parseJson(value))
  return parsed.success ? fromCompact(parsed.data) : null
}

/** The row action an overflow option names, or null when the value is not one this app built. */
export function parseRowRef(value: string | undefined): UserRowRef | null {
  const parsed = rowValue.safeParse(parseJson(value))
  if (!parsed.success) return null
  return { ...fromCompact(parsed.data), userId: parsed.data.u, action: parsed.data.x }
}

/** The list as written after `/msp users <customer>`: the customer's name and the options found at its end. */
export interface UserListArgs {
  customer: string
  search: string
  sort: UserSort
  direction: SortDirection
  archived: boolean
}

const SORT_WORD = /^sort:(email|first|last)$/i

const isOptionWord = (word: string) =>
  SORT_WORD.test(word) || ['asc', 'desc', 'archived'].includes(word.toLowerCase())

/** The words of `/msp users …` before its trailing options (`sort:…`, `asc`/`desc`, `archived`): name and search. */
export function wordsBeforeOptions(args: string): string[] {
  const words = args.trim().split(/\s+/).filter(Boolean)
  let end = words.length
  while (end > 1 && isOptionWord(words[end - 1] ?? '')) end -= 1
  return words.slice(0, end)
}

/**
 * `/msp users <customer> [search] [sort:email|first|last] [asc|desc] [archived]`: the options are read
 * from the end (any order); the first `customerWords` words are the customer's name; the rest is the search.
 */
export function splitUserListArgs(args: string, customerWords: number): UserListArgs | null {
  const words = args.trim().split(/\s+/).filter(Boolean)
  const before = wordsBeforeOptions(args)
  if (customerWords < 1 || customerWords > before.length) return null
  let sort: UserSort = 'email'
  let direction: SortDirection = 'asc'
  let archived = false
  for (const word of words.slice(before.length).map((w) => w.toLowerCase())) {
    const sorted = SORT_WORD.exec(word)
    if (sorted) sort = sorted[1] as UserSort
    else if (word === 'asc' || word === 'desc') direction = word
    else if (word === 'archived') archived = true
  }
  return {
    customer: before.slice(0, customerWords).join(' '),
    search: before.slice(customerWords).join(' ').slice(0, SEARCH_MAX),
    sort,
    direction,
    archived,
  }
}
