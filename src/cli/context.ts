// What a command gets: its arguments, the environment and where to write.
import type { CliEnv } from './env.ts'

export interface CliOutput {
  stdout(text: string): Promise<void>
  stderr(text: string): Promise<void>
}

export interface CliContext extends CliOutput {
  env: CliEnv
}

export interface Command {
  name: string
  /** Arguments as shown in the usage, e.g. `<file.json>`. */
  args: string
  summary: string
  /** Resolves to the exit code; `start` and `sandbox` resolve only when the app stops (SIGINT/SIGTERM). */
  run(args: readonly string[], context: CliContext): Promise<number>
}

function writer(stream: NodeJS.WritableStream): (text: string) => Promise<void> {
  return (text) =>
    new Promise((resolve, reject) => {
      stream.write(text, (error) => (error ? reject(error) : resolve()))
    })
}

export const processOutput: CliOutput = { stdout: writer(process.stdout), stderr: writer(process.stderr) }
