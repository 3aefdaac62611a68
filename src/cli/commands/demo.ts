// `demo --customers N [--users N] [--groups N] [--portal-users N] [--customer-users N] [--seed S] [--replace]`:
// writes a generated book of that size (src/services/demo) straight into the database the CLI opens.
// A non-empty book is refused unless --replace; a data folder a running msp-bot holds is refused too (the
// demo replaces a whole book: stop the bot first).
import { parseArgs } from 'node:util'
import { summarizeDemoCounts } from '../../services/demo/demo-book-shape.ts'
import { DemoBookNotEmptyError, loadDemoBook } from '../../services/demo/load-demo-book.ts'
import { onDatabase } from '../admin-client.ts'
import type { Command } from '../context.ts'
import { describeDatabase, withDatabase } from '../database.ts'
import { CliError, UsageError } from '../errors.ts'

const MAX = 10_000_000

const FLAGS = {
  customers: { type: 'string' },
  users: { type: 'string' },
  groups: { type: 'string' },
  'portal-users': { type: 'string' },
  'customer-users': { type: 'string' },
  seed: { type: 'string' },
  replace: { type: 'boolean' },
} as const

function count(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value) || Number(value) > MAX)
    throw new UsageError(`--${flag} must be a whole number from 0 to ${MAX}, not "${value}"`)
  return Number(value)
}

export interface DemoArgs {
  customers: number
  mspUsers: number
  groups: number
  portalUsers: number
  customerUsers: number
  seed: number
  replace: boolean
}

/** The command line as sizes; what is left out scales with --customers. */
export function parseDemoArgs(args: readonly string[]): DemoArgs {
  let values: { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string }
  try {
    values = parseArgs({ args: [...args], options: FLAGS, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError(`demo: ${error instanceof Error ? error.message : String(error)}`)
  }
  if (values.customers === undefined) throw new UsageError('demo needs --customers N')
  const customers = count('customers', values.customers, 0)
  const seed = count('seed', values.seed, 1)
  if (seed > 2_000_000) throw new UsageError('--seed must be at most 2000000')
  return {
    customers,
    mspUsers: count('users', values.users, 10 * customers),
    groups: count('groups', values.groups, Math.ceil(customers / 5)),
    portalUsers: count('portal-users', values['portal-users'], 2 * customers),
    customerUsers: count('customer-users', values['customer-users'], 10 * customers),
    seed,
    replace: values.replace ?? false,
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

export const demoCommand: Command = {
  name: 'demo',
  args: '--customers N [options]',
  summary:
    'write a generated book: options --users N --groups N --portal-users N --customer-users N (totals), ' +
    '--seed S (the same seed gives the same book), --replace (empty a non-empty book first)',
  async run(args, context) {
    const { replace, ...sizes } = parseDemoArgs(args)
    const done = await onDatabase(
      context.env,
      () =>
        withDatabase(context.env, async (db) => {
          const started = performance.now()
          const cpu = process.cpuUsage()
          try {
            const counts = await loadDemoBook(db.prisma, { ...sizes, replace })
            const used = process.cpuUsage(cpu)
            return {
              database: describeDatabase(db),
              counts,
              ms: performance.now() - started,
              // PGlite runs in this process: its CPU time is the database's work (a loaded machine's
              // wall time says little); a server's backends are not counted.
              cpuMs: db.kind === 'embedded' ? (used.user + used.system) / 1000 : undefined,
            }
          } catch (error) {
            if (!(error instanceof DemoBookNotEmptyError)) throw error
            throw new CliError(
              `The ${describeDatabase(db)} is not empty: ${error.message}. Nothing was written. ` +
                'Run demo --replace to empty it first (the audit log is kept), or use another DATABASE_URL.',
            )
          }
        }),
      (held) => {
        throw new CliError(
          `The embedded database at ${held.dir} is in use by process ${held.holder.pid} (${held.holder.command}). ` +
            'demo writes a whole book: stop that process first, or set DATABASE_URL to another database.',
        )
      },
    )
    await context.stdout(
      `Loaded the demo book (seed ${sizes.seed}) into the ${done.database} in ${seconds(done.ms)}` +
        `${done.cpuMs === undefined ? '' : ` (CPU ${seconds(done.cpuMs)})`}: ` +
        `${summarizeDemoCounts(done.counts)}\n`,
    )
    return 0
  },
}
