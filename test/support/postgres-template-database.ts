// Vitest global setup for the PostgreSQL pass: one migrated database on the server, made once per run;
// each test file's database is `CREATE DATABASE … TEMPLATE` of it (test/support/db.ts), a file copy on the
// server, so no file migrates on its own.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/db/client.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated template database's name on TEST_DATABASE_URL's server (PostgreSQL pass only). */
    postgresTemplate: string
  }
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

export async function onServer<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    return await run(client)
  } finally {
    await client.end()
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = project.config.env?.TEST_DATABASE_URL ?? process.env.TEST_DATABASE_URL
  if (!serverUrl) throw new Error('the PostgreSQL pass needs TEST_DATABASE_URL (vitest.config.ts sets it)')
  const name = `msp_template_${randomUUID().replace(/-/g, '')}`
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`))
  const drop = () => onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
  try {
    const db = await openDatabase({ url: databaseUrl(serverUrl, name) })
    // closed before any copy: PostgreSQL refuses a template that has a session open on it
    await db.close()
    if (db.appliedMigrations.length === 0) throw new Error('the template database applied no migrations')
  } catch (error) {
    await drop()
    throw error
  }
  project.provide('postgresTemplate', name)
  return drop
}

/** A new, empty database on the server (nothing migrated), and how to drop it. */
export async function emptyServerDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '')}`
  await onServer(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`))
  return {
    url: databaseUrl(serverUrl, name),
    drop: async () => {
      await onServer(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}
