// Prisma CLI config (the app never loads it). Recipe: README, "Making a migration offline" —
// Migrate runs in the WASM schema engine through a driver adapter, so no engine download is needed.
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { defineConfig } from 'prisma/config'

process.env.DATABASE_URL ??= 'postgresql://localhost/unset' // lets `generate` run without a DB
process.env.CHECKPOINT_DISABLE ??= '1'

// adapter-pg 6.19 can't map the "char"(18)/name(19) columns of the engine's introspection: call them text
// biome-ignore lint/suspicious/noExplicitAny: addFields is untyped on pg.Result
const proto = pg.Result.prototype as any
const addFields = proto.addFields
proto.addFields = function (fields: { dataTypeID: number }[]) {
  for (const f of fields) if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25
  return addFields.call(this, fields)
}

// Discrete fields, not connectionString (that would override `database` for the shadow DB)
const poolConfig = (url: string, database?: string): pg.PoolConfig => {
  const u = new URL(url)
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password) || undefined,
    database: database ?? u.pathname.slice(1),
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  async adapter() {
    const url = process.env.DATABASE_URL ?? ''
    const factory = new PrismaPg(poolConfig(url))
    // The built-in shadow DB is dropped while still connected to it; make our own.
    factory.connectToShadowDb = async () => {
      const admin = new pg.Client(poolConfig(url))
      await admin.connect()
      const name = `prisma_shadow_${process.pid}_${Date.now()}`
      await admin.query(`CREATE DATABASE "${name}"`)
      const adapter = await new PrismaPg(poolConfig(url, name)).connect()
      const dispose = adapter.dispose.bind(adapter)
      adapter.dispose = async () => {
        await dispose()
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        await admin.end()
      }
      return adapter
    }
    return factory
  },
})
