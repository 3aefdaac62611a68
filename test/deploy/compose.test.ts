// compose.yaml, .env.example, Dockerfile and .dockerignore read as Docker would read them (no Docker daemon
// is needed; `docker build` and `docker compose config` run only where one answers, else they are skipped
// with the reason printed): PostgreSQL with its data in a named volume and a healthcheck, the app started
// only once the database is healthy, the app's settings all known to src/app/env.ts and valid together,
// a multi-stage image that runs as a non-root user with a /healthz healthcheck and `npm start`.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseEnv } from '../../src/app/env.ts'
import { ROOT } from '../cli/child.ts'

const read = (file: string) => readFileSync(join(ROOT, file), 'utf8')

interface Service {
  image?: string
  build?: string | { context: string }
  environment?: Record<string, string>
  env_file?: Array<{ path: string; required?: boolean }>
  volumes?: string[]
  ports?: string[]
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[]; interval?: string; start_period?: string; disable?: boolean }
  stop_grace_period?: string
}
const compose = parse(read('compose.yaml')) as {
  services: Record<string, Service>
  volumes: Record<string, unknown>
}
const db = compose.services.db as Service
const app = compose.services.app as Service

/** .env.example as NAME → value. */
const example = Object.fromEntries(
  read('.env.example')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
)
/** Compose's `${NAME}`, `${NAME:-default}`, `${NAME:?error}` with .env's values (as compose interpolates). */
const interpolate = (text: string, env: Record<string, string>) =>
  text.replace(/\$\{([A-Z_]+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, arg = '') => {
    const value = env[name]
    if (value) return value
    if (kind === '?') throw new Error(`${name}: ${arg}`)
    return kind === '-' ? arg : ''
  })
/** Variables compose.yaml and .env.example use for compose itself, not passed on to the app. */
const COMPOSE_ONLY = ['POSTGRES_USER', 'POSTGRES_PASSWORD', 'POSTGRES_DB', 'HOST_PORT']

describe('compose.yaml', () => {
  it('runs PostgreSQL 16 with its data in a named volume and a pg_isready healthcheck', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'db'])
    expect(db.image).toMatch(/^postgres:1[56]\b/)
    const [volume, mountedAt] = (db.volumes?.[0] ?? '').split(':')
    expect(mountedAt).toBe('/var/lib/postgresql/data')
    expect(Object.keys(compose.volumes)).toContain(volume)
    expect(db.healthcheck?.test.join(' ')).toContain('pg_isready')
    expect(db.environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/) // refused when unset
  })

  it('starts the app from this folder’s image once the database is healthy, with its own /healthz check', () => {
    expect(app.build).toBe('.')
    expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' } })
    expect(app.env_file?.map((file) => file.path)).toEqual(['.env'])
    const check = app.healthcheck?.test ?? []
    expect(check.slice(0, 2)).toEqual(['CMD', 'node']) // the slim image has no curl
    expect(check.join(' ')).toContain(`http://127.0.0.1:${app.environment?.PORT}/healthz`)
    expect(app.ports).toEqual([`\${HOST_PORT:-3000}:3000`]) // the host port from .env, 3000 inside
    expect(app.environment?.PORT).toBe('3000')
    // longer than the app's 10 s drain, so Docker's SIGKILL does not cut it short
    expect(Number.parseInt(app.stop_grace_period ?? '10', 10)).toBeGreaterThan(10)
  })

  it('gives the app settings src/app/env.ts knows, valid together, with DATABASE_URL naming the db service', () => {
    const envSource = read('src/app/env.ts')
    const appNames = [...Object.keys(example), ...Object.keys(app.environment ?? {})].filter(
      (name) => !COMPOSE_ONLY.includes(name),
    )
    for (const name of appNames) expect(envSource, name).toContain(`${name}:`)
    const environment = Object.fromEntries(
      Object.entries(app.environment ?? {}).map(([name, value]) => [name, interpolate(value, example)]),
    )
    expect(environment.DATABASE_URL).toBe(
      `postgresql://msp:${example.POSTGRES_PASSWORD}@db:5432/msp`, // the service name as host
    )
    // compose gives environment precedence over env_file
    const parsed = parseEnv({ ...example, ...environment })
    expect(parsed.databaseUrl).toBe(environment.DATABASE_URL)
    expect(parsed.port).toBe(3000)
    expect(() => interpolate(db.environment?.POSTGRES_PASSWORD ?? '', {})).toThrow(/POSTGRES_PASSWORD/)
  })
})

/** Dockerfile instructions (continuation lines joined, comments dropped) grouped by stage. */
function stages(dockerfile: string): Array<{ from: string; name?: string; lines: string[] }> {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
  const found: Array<{ from: string; name?: string; lines: string[] }> = []
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line)
    if (from) found.push({ from: from[1] ?? '', name: from[2], lines: [] })
    else found.at(-1)?.lines.push(line)
  }
  return found
}

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const [build, runtime, ...more] = stages(dockerfile)

  it('builds in one stage (npm ci, the compiled build) and runs another with production dependencies only', () => {
    expect(more).toEqual([])
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m)
    expect(build?.name).toBe('build')
    const building = build?.lines.join('\n') ?? ''
    expect(building).toMatch(/^RUN npm ci\b/m)
    expect(building).toContain('npx prisma generate')
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts
    // run when package.json has it (`npm run build` → dist/, which bin/msp-bot.js prefers to the sources)
    expect(building).toContain('npm run build --if-present')
    expect(scripts.start).toBe('exec sh bin/start.sh')
    expect(building).toContain('npm prune --omit=dev')
    expect(runtime?.lines).toContain('COPY --from=build /app /app')
    expect(runtime?.lines.some((line) => /^RUN npm (ci|install)\b/.test(line))).toBe(false)
  })

  it('runs as a non-root user, checks /healthz with node, and starts with npm start', () => {
    const lines = runtime?.lines ?? []
    const user = lines.filter((line) => line.startsWith('USER ')).at(-1)
    expect(user).toBe('USER node')
    const healthcheck = lines.find((line) => line.startsWith('HEALTHCHECK '))
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*\/healthz/)
    expect(lines.at(-1)).toBe('CMD ["npm", "start"]')
    expect(lines).toContain('EXPOSE 3000')
  })

  it('leaves local state and secrets out of the build context, and keeps what the app reads', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('!'))
    for (const path of ['.env', 'node_modules', 'data', '.git', 'dist', 'src/generated'])
      expect(ignored, path).toContain(path)
    // what the app reads at run time, relative to its code (see scripts/build.js), stays in the context
    for (const path of ['src', 'bin', 'prisma', 'examples', 'slack-specs', 'scripts', 'package.json'])
      expect(
        ignored.some((pattern) => path === pattern || path.startsWith(`${pattern}/`)),
        path,
      ).toBe(false)
  })
})

/** Whether a Docker daemon answers here; the reason when not. */
function dockerDaemon(): string | null {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' })
  if (info.error) return `docker is not installed (${info.error.message})`
  if (info.status !== 0) return `no Docker daemon answers (docker info: ${info.stderr.trim().split('\n')[0]})`
  return null
}

describe('with Docker', () => {
  const missing = dockerDaemon()
  if (missing) console.log(`docker build and docker compose config skipped: ${missing}`)

  it.skipIf(missing !== null)(
    'docker compose config accepts compose.yaml and docker build builds the image',
    () => {
      const config = spawnSync('docker', ['compose', 'config', '--quiet'], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, POSTGRES_PASSWORD: 'compose-config-check' },
      })
      expect(config.status, config.stderr).toBe(0)
      const built = spawnSync('docker', ['build', '--tag', 'msp-bot:test', '.'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
      expect(built.status, built.stderr.slice(-3000)).toBe(0)
    },
    900_000,
  )
})
