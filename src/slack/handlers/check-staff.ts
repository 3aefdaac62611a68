// Every listener starts here: who is this, may they do this? Refusals are ephemeral and write nothing.
import type { WebClient } from '@slack/web-api'
import { type Capability, can, REQUIRED_ROLE } from '../../domain/roles.ts'
import type { StaffActor } from '../../services/actor.ts'
import type { Problem } from '../../services/errors.ts'
import type { SlackDeps } from '../deps.ts'
import { resolveStaff } from './resolve-staff.ts'

export type StaffCheck = { ok: true; actor: StaffActor } | { ok: false; problem: Problem }

export async function checkStaff(
  deps: SlackDeps,
  client: WebClient,
  slackUserId: string,
  capability: Capability,
): Promise<StaffCheck> {
  const needed = REQUIRED_ROLE[capability]
  const staff = await resolveStaff(deps.services, client, slackUserId)
  if (staff.kind === 'unknown')
    return { ok: false, problem: { code: 'staff.unknown', email: staff.email, needed } }
  const { actor } = staff
  if (!can(actor.role, capability))
    return { ok: false, problem: { code: 'staff.forbidden', capability, needed, actual: actor.role } }
  return { ok: true, actor }
}
