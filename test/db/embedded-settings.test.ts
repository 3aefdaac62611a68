// The settings every embedded database starts with (src/db/embedded-settings.ts), as PostgreSQL reports them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../src/db/client.ts'
import { EMBEDDED_SHARED_BUFFERS } from '../../src/db/embedded-settings.ts'

describe('an embedded database', () => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ url: 'memory://', migrate: false })
  }, 60_000)
  afterAll(async () => {
    await db?.close()
  })

  const setting = async (name: string) =>
    (await db.prisma.$queryRawUnsafe<{ value: string }[]>(`SELECT current_setting('${name}') AS value`))[0]
      ?.value

  it('holds a small buffer cache and makes new WAL segments without zero-filling them', async () => {
    expect(await setting('shared_buffers')).toBe(EMBEDDED_SHARED_BUFFERS)
    expect(await setting('wal_init_zero')).toBe('off')
  })
})
