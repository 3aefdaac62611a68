// Every listener starts here: who is this, may they do this? Refusals are ephemeral and write nothing.
import type { WebClient } from '@slack/web-api'
import { type Capability, can, REQUIRED_ROLE } from '../../domain/roles.ts'
import type { StaffActor } from '../../services/actor.ts'
import type { SlackDeps } from '../deps.ts'
import { resolveStaff } from '../staff.ts'

export type StaffCheck = { ok: true; actor: StaffActor } | { ok: false; message: string }

export async function checkStaff(
  deps: SlackDeps,
  client: WebClient,
  slackUserId: string,
  capability: Capability,
): Promise<StaffCheck> {
  const staff = await resolveStaff(deps.db, client, slackUserId)
  if (staff.kind === 'unknown') {
    const who = staff.email ? ` (${staff.email})` : ''
    return {
      ok: false,
      message: `You are not an MSP user here${who}, so msp-bot cannot act for you. Ask an admin to add you; this needs at least the ${REQUIRED_ROLE[capability]} role.`,
    }
  }
  if (!can(staff.actor.role, capability)) {
    return {
      ok: false,
      message: `This needs the ${REQUIRED_ROLE[capability]} role; you are ${staff.actor.role}. Nothing was changed.`,
    }
  }
  return { ok: true, actor: staff.actor }
}
