import { describe, expect, it } from 'vitest'
import { groupUsersView } from '../../../src/slack/blocks/customer-group.ts'
import { validateView } from '../../support/slack-spec/block-kit-validator.ts'
import { shownLines } from './helpers.ts'

const users = (n: number, nameWidth = 20) =>
  Array.from({ length: n }, (_, i) => ({
    id: i,
    name: `User ${i}`.padEnd(nameWidth, '_'),
    email: `user${i}@msp.example`,
    role: 'technician',
  }))
const lineOf = (u: ReturnType<typeof users>[number]) => `• *${u.name}* (${u.email}) — ${u.role}`

describe('groupUsersView', () => {
  it('lists every user of a small group', () => {
    const list = users(3)
    const view = groupUsersView({ id: 1, name: 'Zoho' }, list)
    expect(validateView(view, 'modal')).toEqual([])
    expect(shownLines(view.blocks as never)).toEqual(['*Zoho*: 3 MSP users', ...list.map(lineOf)])
  })

  it('shows whole lines beyond 3 000 characters, not a list cut mid-line', () => {
    const list = users(200)
    const view = groupUsersView({ id: 1, name: 'Zoho' }, list)
    expect(validateView(view, 'modal')).toEqual([])
    expect(shownLines(view.blocks as never)).toEqual(['*Zoho*: 200 MSP users', ...list.map(lineOf)])
  })

  it('beyond the view’s limits, whole lines then "…and N more"', () => {
    const list = users(5000, 500)
    const view = groupUsersView({ id: 1, name: 'Zoho' }, list)
    expect(validateView(view, 'modal')).toEqual([])
    const [head, ...lines] = shownLines(view.blocks as never)
    expect(head).toBe('*Zoho*: 5000 MSP users')
    const more = lines.pop()
    expect(lines).toEqual(list.slice(0, lines.length).map(lineOf))
    expect(more).toBe(`…and ${5000 - lines.length} more`)
  })
})
