// The node options `npm start` gives the app (package.json's start script, e.g. `--max-semi-space-size=2`),
// so the bench's app processes run as deployed. The bare Bolt baseline keeps node's defaults.
import { readFileSync } from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: { start: string }
}

/** The options between `node` and `bin/msp-bot.js` in the start script. */
export const START_NODE_OPTIONS: string[] = (() => {
  const words = pkg.scripts.start.split(/\s+/)
  const node = words.indexOf('node')
  const bin = words.indexOf('bin/msp-bot.js')
  if (node < 0 || bin < node) throw new Error(`unexpected start script: ${pkg.scripts.start}`)
  return words.slice(node + 1, bin)
})()
