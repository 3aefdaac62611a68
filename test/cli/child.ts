// Runs msp-bot as a user does, in a child process, and collects what it printed.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const BIN = fileURLToPath(new URL('../../bin/msp-bot.js', import.meta.url))

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface Started {
  child: ChildProcess
  /** Everything printed so far on stdout and stderr. */
  output(): string
  /** Resolves once `text` has been printed (rejects when the process ends first or after timeoutMs). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>
  done: Promise<Run>
}

/** Env for children: the parent's, minus what would change their behaviour, plus `env`. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const base = { ...process.env }
  for (const name of Object.keys(base))
    if (/^(SLACK_|DATABASE_URL$|PORT$|MSP_|PUBLIC_URL$|SMTP_URL$|MAIL_FROM$|npm_)/.test(name))
      delete base[name]
  return { ...base, CHECKPOINT_DISABLE: '1', ...env }
}

export function start(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv },
): Started {
  const child = spawn(command, args, {
    cwd: options.cwd ?? ROOT,
    env: childEnv(options.env ?? {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    for (const l of listeners) l()
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
    for (const l of listeners) l()
  })
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
  const output = () => `${stdout}${stderr}`
  const waitFor = (text: string | RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = typeof text === 'string' ? output().includes(text) : text.exec(output())
        if (!match) return false
        listeners.delete(check)
        clearTimeout(timer)
        resolve(output())
        return true
      }
      const timer = setTimeout(() => {
        listeners.delete(check)
        reject(new Error(`not printed within ${timeoutMs} ms: ${text}\n--- output ---\n${output()}`))
      }, timeoutMs)
      void done.then(() => {
        if (!check()) {
          clearTimeout(timer)
          reject(new Error(`the process ended before printing ${text}\n--- output ---\n${output()}`))
        }
      })
      if (!check()) listeners.add(check)
    })
  return { child, output, waitFor, done }
}

/** `node bin/msp-bot.js …` to completion. */
export function msp(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return start(process.execPath, [BIN, ...args], options).done
}
