import { describe, expect, it } from 'vitest'
import {
  SNAPSHOT_CHUNK_CHARS,
  serializeSnapshot,
  writeSnapshot,
} from '../../../src/services/snapshot/export-snapshot.ts'
import { normalizeSnapshot, type Snapshot } from '../../../src/services/snapshot/snapshot-schema.ts'

const book = (customers: number): Snapshot =>
  normalizeSnapshot({
    version: 1,
    settings: { groupMode: 'shared', maxCustomersPerGroup: 20, maxGroupsPerUser: 10 },
    mspUsers: [{ name: 'Ann "A" Lee', email: 'ann@msp.example', role: 'admin', slackUserId: undefined }],
    customers: Array.from({ length: customers }, (_, i) => ({
      name: `Customer ${i} <&>`,
      dataCenter: 'us' as const,
      portalDomain: undefined,
      accountContact: 'ann@msp.example',
      directUsers: ['ann@msp.example'],
      alertGroups: [{ name: 'Ops', members: ['ann@msp.example'] }],
      subscriptionsPurchased: i,
    })),
    groups: [],
    portalUsers: [],
    customerUsers: [],
  })

describe('writeSnapshot', () => {
  it('writes exactly JSON.stringify(snapshot, null, 2) + newline, in pieces of about SNAPSHOT_CHUNK_CHARS', async () => {
    const snapshot = book(2_000)
    const pieces: string[] = []
    await writeSnapshot(snapshot, async (text) => {
      pieces.push(text)
    })
    expect(pieces.join('')).toBe(`${JSON.stringify(snapshot, null, 2)}\n`)
    expect(pieces.length).toBeGreaterThan(1)
    // a piece is handed over once it reaches the size: at most one entry beyond it
    for (const piece of pieces) expect(piece.length).toBeLessThan(SNAPSHOT_CHUNK_CHARS + 2_000)
  })

  it('empty lists and a small book in one piece, as serializeSnapshot gives it', async () => {
    const snapshot = book(0)
    expect(await serializeSnapshot(snapshot)).toBe(`${JSON.stringify(snapshot, null, 2)}\n`)
  })
})
