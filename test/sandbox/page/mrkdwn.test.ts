import { describe, expect, it } from 'vitest'
import { mrkdwnToHtml } from '../../../src/sandbox/page/mrkdwn.ts'
import { bold, link, mention, mrkdwn } from '../../../src/slack/blocks/mrkdwn.ts'
import { HOSTILE } from '../../slack/hostile-text.ts'
import { htmlProblems, readable } from './html-check.ts'

const names = {
  userName: (id: string) => (id === 'U0ALEX' ? 'Alex <Admin>' : undefined),
  channelName: (id: string) => (id === 'C0SANDBOX' ? 'msp' : undefined),
}
const render = (text: string) => mrkdwnToHtml(text, names).text

describe('mrkdwn as HTML', () => {
  it('renders Slack formatting: bold, italic, strike, code, pre, quote, line breaks', () => {
    expect(render('*Alex* removed from _Zylker_ and ~Acme~ via `group Zoho`')).toBe(
      '<strong>Alex</strong> removed from <em>Zylker</em> and <del>Acme</del> via <code>group Zoho</code>',
    )
    expect(render('one\ntwo')).toBe('one<br>two')
    expect(render('```a &lt;b&gt;```')).toBe('<pre>a &lt;b&gt;</pre>')
    expect(render('&gt; quoted')).toBe('<blockquote> quoted</blockquote>')
  })

  it("decodes Slack's entities once and escapes for HTML: the text reads as the app meant it", () => {
    expect(render('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;')
    // `&amp;lt;` is the app's escaped `&lt;`: a person reads "&lt;", not "<".
    expect(readable(render('Tom &amp;lt; Jerry'))).toBe('Tom &lt; Jerry')
    expect(render('"quoted" \'single\'')).toBe('&quot;quoted&quot; &#39;single&#39;')
  })

  it('links: http(s) and mailto become links with their label; any other scheme stays text', () => {
    expect(render('<https://x.example/?a=1&amp;b=2|Bank>')).toBe(
      '<a href="https://x.example/?a=1&amp;b=2" target="_blank" rel="noopener noreferrer">Bank</a>',
    )
    expect(render('<javascript:alert(1)|click>')).toBe('click')
    expect(render('<data:text/html,hi>')).not.toContain('href')
  })

  it('mentions show names (escaped), special mentions their words, emoji their character', () => {
    expect(render('<@U0ALEX> and <@U0OTHER> in <#C0SANDBOX>')).toBe(
      '<span class="mention">@Alex &lt;Admin&gt;</span> and <span class="mention">@U0OTHER</span> in <span class="mention">#msp</span>',
    )
    expect(render('<!channel>')).toBe('<span class="mention">@channel</span>')
    expect(render(':warning: hi :no_such_emoji:')).toBe(
      '<span role="img" aria-label="warning">⚠️</span> hi :no_such_emoji:',
    )
  })

  it('hostile names, escaped by the app, show as themselves and never become markup', () => {
    for (const name of Object.values(HOSTILE)) {
      const text =
        mrkdwn`${mention('U0ALEX')} tried to save ${bold(name)} — see ${link('https://docs.example/a', name)}`
          .text
      const out = render(text)
      expect(htmlProblems(out)).toEqual([])
      expect(readable(out)).toContain(name)
      expect(out).not.toMatch(/<a href="(?!https:\/\/docs\.example\/a")/)
    }
  })

  it('raw markup someone slipped past escaping still cannot become HTML', () => {
    const raw = [
      '<img src=x onerror=alert(1)>',
      '"><script>alert(1)</script>',
      '<https://a.example|<b>x</b>>',
      "*<svg onload='x'>*",
      '`</code><script>`',
      '<mailto:a@b.example|"onmouseover="x>',
    ]
    for (const text of raw) expect(htmlProblems(render(text)), text).toEqual([])
  })
})

describe('mrkdwn the parser leaves as text', () => {
  it('formatting closed before any non-word character is still formatting, as in Slack', () => {
    expect(render('Preparing the import from `users.csv`…')).toBe(
      'Preparing the import from <code>users.csv</code>…',
    )
    expect(render('removed from _Zylker_; kept *Acme*’s ~old~…')).toBe(
      'removed from <em>Zylker</em>; kept <strong>Acme</strong>’s <del>old</del>…',
    )
  })

  it('marks inside words, or not closed, stay as typed', () => {
    expect(render('snake_case_name and 2*3*4 and `open')).toBe('snake_case_name and 2*3*4 and `open')
    expect(render('a_b_ c')).toBe('a_b_ c')
  })

  it('what the lenient pass finds is escaped like everything else', () => {
    const out = render('`&lt;script&gt;`… *&lt;b&gt;*…')
    expect(out).toBe('<code>&lt;script&gt;</code>… <strong>&lt;b&gt;</strong>…')
    expect(htmlProblems(out)).toEqual([])
  })
})
