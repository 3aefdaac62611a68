// A world for the portal services, and how to read what they wrote (outbox mail, invitation links).
import { expect } from 'vitest'
import type { Db } from '../../../src/db/client.ts'
import type { StaffActor } from '../../../src/services/actor.ts'
import { seedWorld } from '../../support/seed.ts'
import { staffRoster } from '../../support/worlds.ts'

export const PUBLIC_URL = 'https://msp-bot.test'

/**
 * The staff roster (Priya admin, Mona manager, Tess technician, Vic viewer); Zylker (us, portal domain
 * status.zylker.example) with Tess and Vic linked directly; Acme (eu, no portal domain) linked to nobody.
 */
export async function seedPortalWorld(prisma: Db) {
  const w = await seedWorld(prisma, {
    users: [...staffRoster],
    customers: [
      { name: 'Zylker', portalDomain: 'status.zylker.example', directUsers: ['Tess', 'Vic'] },
      { name: 'Acme', dataCenter: 'eu' },
    ],
  })
  const actors = {
    priya: w.actor('Priya'),
    mona: w.actor('Mona'),
    tess: w.actor('Tess'),
    vic: w.actor('Vic'),
  } satisfies Record<string, StaffActor>
  return { w, ...actors, zylker: w.customerId('Zylker'), acme: w.customerId('Acme') }
}

/** A portal user written directly (as a snapshot import would: no invitation). */
export async function seedPortalUser(
  prisma: Db,
  customerId: number,
  user: { name: string; email?: string; status?: 'enabled' | 'disabled' | 'unconfirmed'; isAdmin?: boolean },
) {
  return prisma.portalUser.create({
    data: {
      customerId,
      name: user.name,
      email: user.email ?? `${user.name.toLowerCase()}@zylker.example`,
      status: user.status ?? 'enabled',
      isAdmin: user.isAdmin ?? false,
    },
  })
}

export const outbox = (prisma: Db) => prisma.outboxMail.findMany({ orderBy: { id: 'asc' } })

const LINK = /https:\/\/msp-bot\.test\/portal\/invitations\/([A-Za-z0-9_-]+)/

/** The invitation token in a mail's text (the link's last part). */
export function tokenIn(text: string): string {
  const token = LINK.exec(text)?.[1]
  expect(token, `no invitation link in:\n${text}`).toBeDefined()
  return token as string
}

/** The token of the newest mail in the outbox. */
export async function latestToken(prisma: Db): Promise<string> {
  const mails = await outbox(prisma)
  const last = mails.at(-1)
  expect(last, 'the outbox is empty').toBeDefined()
  return tokenIn(last?.body ?? '')
}

/** Everything a refused or inapplicable action must leave as it was. */
export async function portalDump(prisma: Db) {
  return {
    users: await prisma.portalUser.findMany({ orderBy: { id: 'asc' } }),
    invitations: await prisma.portalInvitation.findMany({ orderBy: { id: 'asc' } }),
    outbox: await outbox(prisma),
    audit: await prisma.auditLog.findMany({ orderBy: { id: 'asc' } }),
  }
}
