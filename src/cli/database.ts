// Opens the database named by DATABASE_URL for one command and always closes it
// (an open embedded database keeps node alive and holds the data-folder lock).
import { type Database, openDatabase } from '../db/client.ts'
import type { CliEnv } from './env.ts'

export async function withDatabase<T>(
  env: CliEnv,
  work: (db: Database) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const db = await openDatabase({ url: env.DATABASE_URL, migrate: options.migrate ?? true })
  try {
    return await work(db)
  } finally {
    await db.close()
  }
}

export const describeDatabase = (db: Database) =>
  db.kind === 'embedded' ? `embedded database at ${db.location}` : `PostgreSQL database ${db.location}`
