// Reads a submitted view's state.values, validated: Slack sends only what the user left in each input.
import { z } from 'zod'
import { STAFF_ROLES } from '../../domain/roles.ts'

const optionSchema = z.object({ value: z.string() })
const actionStateSchema = z.object({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: optionSchema.nullish(),
  selected_options: z.array(optionSchema).nullish(),
})
export const viewStateSchema = z.record(z.string(), z.record(z.string(), actionStateSchema))
export type ViewState = z.infer<typeof viewStateSchema>

const idSchema = z.coerce.number().int().positive()

function field(state: ViewState, blockId: string, actionId: string) {
  return state[blockId]?.[actionId]
}

export function selectedIds(state: ViewState, blockId: string, actionId: string): number[] {
  return (field(state, blockId, actionId)?.selected_options ?? []).map((o) => idSchema.parse(o.value))
}

export function selectedId(state: ViewState, blockId: string, actionId: string): number | null {
  const value = field(state, blockId, actionId)?.selected_option?.value
  return value ? idSchema.parse(value) : null
}

export function textValue(state: ViewState, blockId: string, actionId: string): string {
  return field(state, blockId, actionId)?.value ?? ''
}

export function isChecked(state: ViewState, blockId: string, actionId: string, value: string): boolean {
  return (field(state, blockId, actionId)?.selected_options ?? []).some((o) => o.value === value)
}

export const roleSchema = z.enum(STAFF_ROLES)
export function selectedRole(state: ViewState, blockId: string, actionId: string) {
  const value = field(state, blockId, actionId)?.selected_option?.value
  return value === undefined ? null : roleSchema.parse(value)
}
