// A real headless browser for the web pages' tests: Debian's chromium driven by playwright-core (which
// downloads no browser). CI installs chromium (.ci/run); elsewhere without it the tests skip, saying why.
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']

/** CHROMIUM_PATH, else the first of Debian's usual paths that exists. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return fromEnv
  return CANDIDATES.find((path) => existsSync(path))
}

/** The path, or undefined after saying why the browser tests skip (CI must have it: it throws there). */
export function browserOrSkip(): string | undefined {
  const path = chromiumPath()
  if (!path) {
    if (process.env.CI) throw new Error('CI must install chromium (see .ci/run) for the browser tests')
    console.log('Skipping browser tests: no chromium found (apt-get install chromium, or set CHROMIUM_PATH).')
  }
  return path
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    // As root (CI, these machines) Chromium's sandbox cannot start; /dev/shm may be small in containers.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
    timeout: 60_000,
  })
}
