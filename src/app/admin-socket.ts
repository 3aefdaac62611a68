// The CLI beside the running bot. The embedded database serves one process (a second PGlite on the same
// folder loses rows), so the process holding the data folder answers the CLI's admin commands — export,
// import, migrate status — on a Unix socket inside that folder, readable and writable by its owner only.
// The CLI (src/cli/admin-client.ts) uses it when the folder is held, and opens the folder itself when not.
//
// Protocol, one request per connection:
//   request:  one line of JSON, {"command":"export"} | {"command":"import","args":{"snapshot":{…}}}
//             | {"command":"migrate status"}, ended by "\n"
//   response: one line of JSON (the header, AdminResponse), ended by "\n"; for export the header carries
//             `bytes` and exactly that many bytes of snapshot JSON follow, streamed.
import { chmodSync, lstatSync, mkdtempSync, renameSync, rmSync } from 'node:fs'
import { connect, createServer, type Server, type Socket } from 'node:net'
import { dirname, join } from 'node:path'
import type { Database } from '../db/client.ts'
import { migrationStatus } from '../db/migration-status.ts'
import { describeSnapshot, exportSnapshot, writeSnapshot } from '../services/snapshot/export-snapshot.ts'
import { importSnapshot, summarizeCounts } from '../services/snapshot/import-snapshot.ts'
import type { SnapshotIssue } from '../services/snapshot/snapshot-problems.ts'

export const ADMIN_SOCKET_NAME = 'admin.sock'
/** A request line longer than this (a snapshot of hundreds of MB) is refused. */
export const MAX_REQUEST_BYTES = 256 * 1024 * 1024
/** Linux's sun_path holds 108 bytes including the final NUL. */
const MAX_SOCKET_PATH_BYTES = 107
/** How long close() waits for commands still running (an import) before closing their connections. */
const CLOSE_WAIT_MS = 10_000

export const adminSocketPath = (dataDir: string) => join(dataDir, ADMIN_SOCKET_NAME)

export type AdminRequest =
  | { command: 'export' }
  | { command: 'import'; args: { snapshot: unknown } }
  | { command: 'migrate status' }

export type AdminResponse =
  | { ok: true; command: 'export'; bytes: number; database: string; summary: string }
  | { ok: true; command: 'import'; summary: string; database: string }
  | { ok: true; command: 'migrate status'; applied: string[]; pending: string[]; database: string }
  /** The snapshot was refused; nothing was imported. */
  | { ok: false; problems: SnapshotIssue[] }
  | { ok: false; error: string }

export interface AdminSocket {
  /** The socket's path, or null when it could not be served (the reason was logged). */
  path: string | null
  /** How many commands are being served now. */
  running(): number
  /** Stops accepting, lets running commands finish (bounded), closes the rest and removes the socket. */
  close(): Promise<void>
}

export interface AdminSocketOptions {
  db: Database
  log?: (line: string) => void
}

/**
 * Serves the admin commands for an embedded database kept in a folder; for PostgreSQL (the CLI connects
 * itself) and memory:// (nothing to share) it serves nothing. Never throws: a socket that cannot be served
 * is logged, and the CLI then says the folder is held.
 */
export async function openAdminSocket(options: AdminSocketOptions): Promise<AdminSocket> {
  const { db } = options
  const log = options.log ?? ((line: string) => console.log(line))
  const none: AdminSocket = { path: null, running: () => 0, close: async () => {} }
  if (db.kind !== 'embedded' || db.location === 'memory://') return none
  try {
    return await startAdminSocket(db, adminSocketPath(db.location))
  } catch (error) {
    log(
      `CLI commands cannot reach this process (${error instanceof Error ? error.message : String(error)}); ` +
        'export and import need it stopped meanwhile.',
    )
    return none
  }
}

/** Listens on `path` (replacing a stale socket left by a killed process); throws when it cannot. */
export async function startAdminSocket(db: Database, path: string): Promise<AdminSocket> {
  await removeStaleSocket(path)
  const running = new Set<Promise<void>>()
  const connections = new Set<Socket>()
  const server = createServer((socket) => {
    connections.add(socket)
    socket.on('close', () => connections.delete(socket))
    const work = serve(db, socket).finally(() => running.delete(work))
    running.add(work)
  })
  // Bound in a private (0700) folder, made 0600, then moved into place: no moment when others can connect.
  const privateDir = mkdtempSync(join(dirname(path), '.admin-'))
  try {
    const bound = join(privateDir, ADMIN_SOCKET_NAME)
    if (Buffer.byteLength(bound) > MAX_SOCKET_PATH_BYTES)
      throw new Error(`the socket path ${bound} is longer than ${MAX_SOCKET_PATH_BYTES} bytes`)
    await listen(server, bound)
    chmodSync(bound, 0o600)
    renameSync(bound, path)
  } catch (error) {
    server.close()
    throw error
  } finally {
    rmSync(privateDir, { recursive: true, force: true })
  }
  let closing: Promise<void> | null = null
  return {
    path,
    running: () => running.size,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        let timer: NodeJS.Timeout | undefined
        await Promise.race([
          Promise.allSettled([...running]),
          new Promise((resolve) => {
            timer = setTimeout(resolve, CLOSE_WAIT_MS)
          }),
        ])
        clearTimeout(timer)
        for (const socket of connections) socket.destroy()
        await closed
        rmSync(path, { force: true })
      })()
      return closing
    },
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(path, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** A socket file no process answers on (left by kill -9) is removed; a live one is an error. */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean
  try {
    isSocket = lstatSync(path).isSocket()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket`)
  const answered = await new Promise<boolean>((resolve) => {
    const probe = connect(path)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
  if (answered) throw new Error(`another process already serves ${path}`)
  rmSync(path, { force: true })
}

/** Reads the request line (up to MAX_REQUEST_BYTES). */
function readRequestLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      const end = chunk.indexOf(0x0a)
      const part = end === -1 ? chunk : chunk.subarray(0, end)
      chunks.push(part)
      size += part.length
      if (size > MAX_REQUEST_BYTES) return finish(new Error(`the request is over ${MAX_REQUEST_BYTES} bytes`))
      if (end !== -1) finish(null, Buffer.concat(chunks).toString('utf8'))
    }
    const onEnd = () => finish(new Error('the request ended before its end of line'))
    const finish = (error: Error | null, line?: string) => {
      socket.off('data', onData)
      socket.off('end', onEnd)
      socket.off('error', onEnd)
      socket.pause()
      if (error) reject(error)
      else resolve(line as string)
    }
    socket.on('data', onData)
    socket.on('end', onEnd)
    socket.on('error', onEnd)
  })
}

function parseRequest(line: string): AdminRequest {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    throw new Error('the request is not JSON')
  }
  const request = value as { command?: unknown; args?: { snapshot?: unknown } }
  if (request?.command === 'export' || request?.command === 'migrate status')
    return { command: request.command }
  if (request?.command === 'import' && request.args && 'snapshot' in request.args)
    return { command: 'import', args: { snapshot: request.args.snapshot } }
  throw new Error(`unknown command ${JSON.stringify(request?.command)}`)
}

function write(socket: Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.write(data, (error) => error && reject(error))) resolve()
    else {
      const onDrain = () => {
        socket.off('close', onClose)
        resolve()
      }
      const onClose = () => {
        socket.off('drain', onDrain)
        reject(new Error('the client went away'))
      }
      socket.once('drain', onDrain)
      socket.once('close', onClose)
    }
  })
}

const header = (response: AdminResponse) => `${JSON.stringify(response)}\n`

async function serve(db: Database, socket: Socket): Promise<void> {
  socket.on('error', () => {}) // a client that goes away mid-answer is not the app's failure
  const database = `embedded database at ${db.location}`
  try {
    const request = parseRequest(await readRequestLine(socket))
    if (request.command === 'export') {
      // the text made piece by piece into bytes (never one string of it all): the header needs the length
      const snapshot = await exportSnapshot(db.prisma)
      const body: Buffer[] = []
      await writeSnapshot(snapshot, async (text) => {
        body.push(Buffer.from(text, 'utf8'))
      })
      const bytes = body.reduce((sum, piece) => sum + piece.length, 0)
      const summary = describeSnapshot(snapshot)
      await write(socket, header({ ok: true, command: 'export', bytes, database, summary }))
      for (const piece of body.splice(0)) await write(socket, piece)
    } else if (request.command === 'import') {
      const result = await importSnapshot(db.prisma, request.args.snapshot)
      await write(
        socket,
        header(
          result.ok
            ? { ok: true, command: 'import', summary: summarizeCounts(result.counts), database }
            : { ok: false, problems: result.problems },
        ),
      )
    } else {
      const status = await migrationStatus(db.prisma)
      await write(socket, header({ ok: true, command: 'migrate status', ...status, database }))
    }
  } catch (error) {
    if (!socket.destroyed) {
      const message = error instanceof Error ? error.message : String(error)
      await write(socket, header({ ok: false, error: message })).catch(() => {})
    }
  } finally {
    socket.end()
  }
}
