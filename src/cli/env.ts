// The CLI's own view of the environment: only what its commands need.
import { z } from 'zod'

const cliEnvSchema = z.object({
  /** `postgresql://…` for a server; otherwise a folder for the embedded database (default ./data/pglite). */
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => value?.trim() || undefined),
})

export type CliEnv = z.output<typeof cliEnvSchema>

export function readCliEnv(env: NodeJS.ProcessEnv): CliEnv {
  return cliEnvSchema.parse(env)
}
