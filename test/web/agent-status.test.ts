// POST /api/agent-status on the launched app (no Slack credentials: the app's own server), over real HTTP:
// the shared secret, the body's checks, unknown customer or user, and the list showing the status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../src/app/env.ts'
import { secretsOf } from '../../src/app/observability.ts'
import { launch, type RunningApp } from '../../src/app/start.ts'
import type { StaffActor } from '../../src/services/actor.ts'
import { createServices } from '../../src/services/index.ts'
import { createWebPages } from '../../src/web/index.ts'
import { captureLog } from '../support/capture-log.ts'

const SECRET = 'agent-secret-0123456789abcdef'

describe('POST /api/agent-status', () => {
  let running: RunningApp
  let base: string
  let priya: StaffActor
  let zylker: number
  const log = captureLog()
  const prisma = () => running.db.prisma
  const services = () => createServices(prisma(), { sharedDatabase: false })

  const post = (body: unknown, headers: Record<string, string> = { 'x-agent-secret': SECRET }) =>
    fetch(`${base}/api/agent-status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  const agentStatusOf = async (email: string) =>
    (await prisma().customerUser.findFirstOrThrow({ where: { customerId: zylker, email } })).agentStatus

  beforeAll(async () => {
    const env = parseEnv({ PORT: '0', DATABASE_URL: 'memory://', AGENT_STATUS_SECRET: SECRET })
    running = await launch({ mode: 'start', env, logger: log.logger })
    base = `http://127.0.0.1:${running.port}`
    const admin = await prisma().mspUser.findFirstOrThrow({ where: { role: 'admin' } })
    priya = { slackUserId: admin.slackUserId, name: admin.name, mspUserId: admin.id, role: 'admin' }
    zylker = (await prisma().customer.findFirstOrThrow({ where: { name: 'Zylker' } })).id
    const added = await services().customerUsers.add(priya, {
      customerId: zylker,
      email: 'agent.li@zylker.example',
      firstName: 'Li',
      lastName: 'Wu',
    })
    expect(added.status).toBe('added')
  }, 90_000)
  afterAll(async () => {
    await running?.stop()
  })

  it('records a report (customer by name or id), audited when it changes, and the list shows it', async () => {
    const res = await post({ customer: 'zylker', email: ' Agent.Li@Zylker.Example', status: 'failed' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.json()).toEqual({
      ok: true,
      customer: 'Zylker',
      email: 'agent.li@zylker.example',
      status: 'failed',
      changed: true,
    })
    expect(await agentStatusOf('agent.li@zylker.example')).toBe('failed')
    const again = await post({ customerId: zylker, email: 'agent.li@zylker.example', status: 'failed' })
    expect(await again.json()).toMatchObject({ ok: true, changed: false })
    const audits = await prisma().auditLog.findMany({ where: { action: 'customer-user.agent-status' } })
    expect(audits).toMatchObject([
      {
        actorSlackId: null,
        actorName: 'agent',
        targetName: 'agent.li@zylker.example',
        before: { agentStatus: 'unknown' },
        after: { agentStatus: 'failed' },
      },
    ])
    const list = await services().customerUsers.list(priya, {
      customerId: zylker,
      search: 'agent.li',
      sort: 'email',
      direction: 'asc',
      archived: false,
      page: 0,
    })
    expect(list.users.map((u) => u.agentStatus)).toEqual(['failed'])
    expect(
      (await post({ customer: 'Zylker', email: 'agent.li@zylker.example', status: 'success' })).status,
    ).toBe(200)
    expect(await agentStatusOf('agent.li@zylker.example')).toBe('success')
  })

  it('answers 401 to a missing or wrong secret and changes nothing', async () => {
    const body = { customer: 'Zylker', email: 'agent.li@zylker.example', status: 'unknown' }
    const before = await agentStatusOf('agent.li@zylker.example')
    for (const headers of [{}, { 'x-agent-secret': 'wrong' }, { 'x-agent-secret': `${SECRET}x` }] as Record<
      string,
      string
    >[]) {
      const res = await post(body, headers)
      expect(res.status).toBe(401)
      expect(await res.json()).toEqual({ ok: false, error: 'missing or wrong x-agent-secret header' })
    }
    expect(await agentStatusOf('agent.li@zylker.example')).toBe(before)
  })

  it('answers 400 to a bad body and 404 to an unknown customer or user, naming why', async () => {
    const bad = await post({ customer: 'Zylker', email: 'agent.li@zylker.example', status: 'great' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { problems: string[] }).problems.join(' ')).toContain('status: ')
    expect((await post('{not json')).status).toBe(400)
    expect((await post({ email: 'agent.li@zylker.example', status: 'failed' })).status).toBe(400)
    expect((await post({ customer: 'Zylker', email: 'x@y.z', status: 'failed', extra: 1 })).status).toBe(400)
    const plain = await post('customer=Zylker', { 'x-agent-secret': SECRET, 'content-type': 'text/plain' })
    expect(plain.status).toBe(400)
    const tooLarge = await post({ customer: 'x'.repeat(20_000), email: 'a', status: 'failed' })
    expect(tooLarge.status).toBe(413)

    const noCustomer = await post({
      customer: 'Nobody Inc',
      email: 'agent.li@zylker.example',
      status: 'failed',
    })
    expect(noCustomer.status).toBe(404)
    expect(await noCustomer.json()).toEqual({ ok: false, error: 'unknown customer' })
    const noUser = await post({ customer: 'Zylker', email: 'nobody@zylker.example', status: 'failed' })
    expect(noUser.status).toBe(404)
    expect(((await noUser.json()) as { error: string }).error).toContain('unknown user')
    expect(log.text()).not.toContain(SECRET)
  })

  it('does not exist without AGENT_STATUS_SECRET', async () => {
    const pages = createWebPages({ services: services(), logError: () => {} })
    expect(pages.routes.map((r) => r.path)).not.toContain('/api/agent-status')
    expect(secretsOf(parseEnv({ AGENT_STATUS_SECRET: SECRET }))).toContain(SECRET) // scrubbed from every log line
    expect(() => parseEnv({ AGENT_STATUS_SECRET: 'short' })).toThrow(
      'AGENT_STATUS_SECRET must be at least 16 characters (a shared secret)',
    )
  })
})
