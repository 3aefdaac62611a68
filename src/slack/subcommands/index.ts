// Every /msp subcommand: each file of this folder that exports a Subcommand is one, so adding a
// subcommand is adding one file. /msp help lists them alphabetically, help first.
import { readdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Subcommand } from './subcommand.ts'

const isSubcommand = (value: unknown): value is Subcommand =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Subcommand).name === 'string' &&
  typeof (value as Subcommand).usage === 'string' &&
  typeof (value as Subcommand).run === 'function'

async function discover(): Promise<Subcommand[]> {
  const folder = dirname(fileURLToPath(import.meta.url))
  const files = readdirSync(folder).filter((f) => /\.(ts|js)$/.test(f) && !/^index\.|\.d\.ts$/.test(f))
  const modules: Record<string, unknown>[] = await Promise.all(
    files.map((f) => import(/* @vite-ignore */ `./${f}`)),
  )
  const found = modules.flatMap((m) => Object.values(m).filter(isSubcommand))
  const names = found.map((c) => c.name)
  const duplicate = names.find((n, i) => names.indexOf(n) !== i)
  if (duplicate) throw new Error(`two /msp subcommands are named "${duplicate}"`)
  return found.sort((a, b) => (a.name === 'help' ? -1 : b.name === 'help' ? 1 : a.name.localeCompare(b.name)))
}

export const SUBCOMMANDS: readonly Subcommand[] = await discover()

/** The longest subcommand name the text starts with ("group add" before "group"), and the rest. */
export function matchSubcommand(text: string): { command: Subcommand; args: string } | null {
  const words = text.trim().split(/\s+/)
  for (const length of [2, 1]) {
    const name = words.slice(0, length).join(' ').toLowerCase()
    const command = SUBCOMMANDS.find((c) => c.name === name)
    if (command && words.length >= length) return { command, args: words.slice(length).join(' ') }
  }
  return null
}
