// Entry point of the CLI, loaded by bin/msp-bot.js (`npx msp-bot <command>`, `npm run -s cli -- <command>`,
// `npm start`). See `npx msp-bot help`.
import { runCli } from './run.ts'

process.exitCode = await runCli(process.argv.slice(2))
