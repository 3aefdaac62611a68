// Bench children: forked with tsx (through execArgv), ready when they say so, asked over IPC, stopped.
import { type ChildProcess, fork, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { isMessage, type ParentMessage } from './ipc.ts'

export interface Child<T> {
  process: ChildProcess
  ready: T
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

/** Forks a bench child (`file` relative to bench/; it inherits tsx through execArgv) and waits for its `ready` message. */
export function spawnChild<T extends { type: 'ready' }>(
  file: string,
  args: string[],
  execArgv: string[] = [],
) {
  const child = fork(here(file), args, {
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise<Child<T>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start within 60 s`)), 60_000)
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code} before it was ready`)))
    child.on('message', (message: unknown) => {
      if (isMessage<T>(message, 'ready')) {
        clearTimeout(timer)
        resolve({ process: child, ready: message })
      }
    })
  })
}

/** Asks the child to stop; kills it after 10 s. */
export function stopChild(child: Child<unknown>): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null) return resolve()
    const timer = setTimeout(() => {
      child.process.kill('SIGKILL')
      resolve()
    }, 10_000)
    child.process.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    const stop: ParentMessage = { type: 'stop' }
    child.process.send(stop)
  })
}

/** Sends `question` and resolves with the child's first answer of type `type`. */
export function ask<T extends { type: string }>(
  child: Child<unknown>,
  question: ParentMessage,
  type: T['type'],
) {
  return new Promise<T>((resolve) => {
    const onMessage = (message: unknown) => {
      if (isMessage<T>(message, type)) {
        child.process.off('message', onMessage)
        resolve(message)
      }
    }
    child.process.on('message', onMessage)
    child.process.send(question)
  })
}

/**
 * Runs a measuring script (an absolute path) to its end in a fresh process with tsx and `--expose-gc`,
 * `env` added to this one's. Resolves with its figures: the JSON of the stdout line that starts with
 * `{"idle` (null when it printed none); rejects with its output when it exits with an error.
 */
export function runToEnd<T>(file: string, args: string[], env: Record<string, string>): Promise<T | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', file, ...args], {
      env: { ...process.env, ...env, CHECKPOINT_DISABLE: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} ${args.join(' ')} exited ${code}: ${out}`))
      const line = out.split('\n').find((l) => l.startsWith('{"idle'))
      resolve(line ? (JSON.parse(line) as T) : null)
    })
  })
}
