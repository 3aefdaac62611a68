// `migrate status`: which migrations in prisma/migrations the database has applied and which are pending,
// read through an open client (so the process holding the embedded database can answer it too).
import { existsSync, readdirSync } from 'node:fs'
import type { Db } from './client.ts'
import { MIGRATIONS_DIR } from './migrate.ts'

export interface MigrationStatus {
  /** Applied migrations, oldest first (as recorded in `_prisma_migrations`). */
  applied: string[]
  /** Migrations in the folder the database has not applied yet, in the order they would run. */
  pending: string[]
}

export async function migrationStatus(db: Db, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const table = await db.$queryRaw<Array<{ present: boolean }>>`
    SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`
  const rows = table[0]?.present
    ? await db.$queryRaw<Array<{ migration_name: string }>>`
        SELECT migration_name FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`
    : []
  const applied = rows.map((r) => r.migration_name)
  const done = new Set(applied)
  const pending = readdirSync(dir)
    .filter((n) => existsSync(`${dir}/${n}/migration.sql`) && !done.has(n))
    .sort()
  return { applied, pending }
}
