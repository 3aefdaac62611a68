// CPU time of the PostgreSQL backends serving one database, read from /proc. The app's own
// process.cpuUsage() leaves out this work (PGlite does it in-process, so there it is counted), and it can
// only be read when the server runs on this machine (Linux, same process namespace).
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU ms so far of each backend process (pid → ms) connected to `database`; null when /proc is unreadable. */
export type BackendCpu = Map<number, number> | null

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

/** Whether the server of `url` is on this machine, so its backends can be found in /proc. */
export const isLocalServer = (url: string) => LOCAL_HOSTS.has(new URL(url).hostname)

export function backendCpu(database: string): BackendCpu {
  let pids: string[]
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))
  } catch {
    return null
  }
  const found = new Map<number, number>()
  for (const pid of pids) {
    try {
      // a backend's title: "postgres: <user> <database> <client> <state>"
      const title = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // after "pid (comm) ": state is field 3, utime field 14, stime field 15
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      found.set(Number(pid), ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND)
    } catch {
      // the process ended while we looked
    }
  }
  return found
}

/**
 * CPU ms the backends used between two readings (a backend that ended in between loses what it used
 * after `before`), or NaN when none was seen (the server is elsewhere, or /proc is unreadable).
 */
export function backendCpuBetween(before: BackendCpu, after: BackendCpu): number {
  if (!before || !after || after.size === 0) return Number.NaN
  let total = 0
  for (const [pid, used] of after) total += used - (before.get(pid) ?? 0)
  return total
}
