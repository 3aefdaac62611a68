// Entry point of `npm run cli -- <command>` (tsx src/cli/main.ts). See `npm run cli -- help`.
import { runCli } from './run.ts'

process.exitCode = await runCli(process.argv.slice(2))
