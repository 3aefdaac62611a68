// The sandbox page in Firefox too (Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi;
// .ci/run installs it): the Chromium test (sandbox-browser.test.ts) goes through every flow, this one the
// page's own machinery in the other engine — typing a command, the answer arriving live, a modal as a
// <dialog> with labelled fields, Escape closing it, and the "Act as" switch.
import { existsSync } from 'node:fs'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseEnv } from '../../../src/app/env.ts'
import { launch, type RunningApp } from '../../../src/app/start.ts'
import { captureLog } from '../../support/capture-log.ts'

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'
const hasFirefox = existsSync(FIREFOX)
if (!hasFirefox) {
  if (process.env.CI) throw new Error('CI must install firefox-esr (see .ci/run) for the Firefox test')
  console.log('Skipping the Firefox test: no firefox-esr (apt-get install firefox-esr, or set FIREFOX_PATH).')
}
const WAIT = 30_000

describe.skipIf(!hasFirefox)('the sandbox page in Firefox', { timeout: 120_000 }, () => {
  let running: RunningApp
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    const env = parseEnv({ PORT: '0', DATABASE_URL: 'memory://' })
    running = await launch({ mode: 'sandbox', env, logger: captureLog().logger })
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true })
    page = await browser.newPage()
    await page.goto(`http://127.0.0.1:${running.port}/`)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await running?.stop()
  })

  /** Types into the box named for the command and sends it with Enter, as a person does. */
  async function type(text: string): Promise<void> {
    const box = await page.waitForSelector('::-p-aria(Message: type a /msp command and press Enter)')
    await box?.type(text)
    await page.keyboard.press('Enter')
  }

  // page-side code as strings: this project compiles without the DOM's types
  const waitFor = (condition: string) => page.waitForFunction(condition, { timeout: WAIT })
  const waitForText = (text: string) => waitFor(`document.body.innerText.includes(${JSON.stringify(text)})`)

  it('sends a command with Enter and shows the answer live, only to the person who typed it', async () => {
    await type('/msp help')
    await waitForText('— This list')
    const answer = await page.$$eval('article.message', (all) => all.at(-1)?.textContent ?? '')
    expect(answer).toContain('Only visible to you')
    expect(answer).toContain('/msp customers')
  })

  it('opens a modal as a dialog with labelled fields; Escape closes it and nothing is saved', async () => {
    await type('/msp group Zoho')
    const dialog = await page.waitForSelector('dialog[open]', { timeout: WAIT })
    expect(await dialog?.evaluate((d) => d.querySelector('.modal-title')?.textContent)).toBe(
      'Edit Customer Group',
    )
    const name = await page.waitForSelector('::-p-aria(Group Name)')
    expect(await name?.evaluate((input) => (input as unknown as { value: string }).value)).toBe('Zoho')
    await page.keyboard.press('Escape')
    await waitFor(`!document.querySelector('dialog[open]')`)
    expect((await running.db.prisma.customerGroup.findFirst({ where: { nameKey: 'zoho' } }))?.name).toBe(
      'Zoho',
    )
  })

  it('acts as another person: the page follows the "Act as" choice', async () => {
    const value = await page.$eval('#act-as', (select) => {
      const { options } = select as unknown as { options: ArrayLike<{ text: string; value: string }> }
      const marco = Array.from(options).find((o) => o.text.startsWith('Marco'))
      return marco?.value ?? ''
    })
    expect(value).not.toBe('')
    await page.select('#act-as', value)
    await waitFor(`document.body.dataset.as === ${JSON.stringify(value)}`)
  })
})
