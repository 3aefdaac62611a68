#!/usr/bin/env node
// The `msp-bot` command (package.json "bin"; `npx msp-bot <command>`): runs the TypeScript CLI in this one
// process through tsx's loader, so signals reach the app itself and stdout carries only the command's output.
import { register } from 'tsx/esm/api'

register()
await import('../src/cli/main.ts')
