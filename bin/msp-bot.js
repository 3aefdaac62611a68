#!/usr/bin/env node
// The `msp-bot` command (package.json "bin"; `npx msp-bot <command>`, `npm start`): runs the CLI in this one
// process, so signals reach the app itself and stdout carries only the command's output. It runs the
// compiled JavaScript in dist/ (`npm run build`, also run by `npm install`) when that is at least as new as
// every file under src/ — about 65–80 MB less at idle than transpiling — else the TypeScript sources
// through tsx's loader, so an edit is never run stale. MSP_BOT_SOURCES=1 always runs the sources.
import { compiledIsFresh } from './compiled.js'

if (process.env.MSP_BOT_SOURCES !== '1' && compiledIsFresh()) {
  await import('../dist/cli/main.js')
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('../src/cli/main.ts')
}
