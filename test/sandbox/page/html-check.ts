// Checks that rendered sandbox HTML holds only markup the renderer builds: known tags, known attributes,
// links only to http(s)/mailto or the sandbox's own paths, no inline script or handler of any kind.
// Attribute values are always quoted and escaped by the renderer, so a regex reads the tags exactly.

const TAGS = new Set(
  'a article blockquote br button code dd del details dialog div dl dt em fieldset figcaption figure footer form h1 h2 h3 header hr img input label legend li main nav optgroup option p pre section select span strong summary textarea time ul aside html head body meta title link script'.split(
    ' ',
  ),
)
const ATTRIBUTES = new Set(
  'class id href target rel type value name for role hidden selected checked multiple placeholder maxlength rows min max step accept download alt src title lang charset content label aria-label aria-labelledby aria-describedby aria-current aria-hidden aria-live aria-autocomplete aria-expanded aria-controls autocomplete defer tabindex'.split(
    ' ',
  ),
)

/** Every problem found in `markup` (expect it to be []). */
export function htmlProblems(markup: string): string[] {
  const problems: string[] = []
  const outside = markup.replace(/<!doctype html>/i, '').replace(/<\/?[a-zA-Z0-9-]+(\s[^<>]*)?>/g, '')
  if (/[<>]/.test(outside)) problems.push(`a raw < or > outside tags: ${outside.slice(0, 200)}`)
  for (const [tag, name = '', attrs = ''] of markup.matchAll(/<\/?([a-zA-Z0-9-]+)((?:\s[^<>]*)?)>/g)) {
    const lower = name.toLowerCase()
    if (!TAGS.has(lower)) problems.push(`tag <${name}>`)
    if (lower === 'script' && !tag.startsWith('</') && !/src="\/sandbox\/client\.js"/.test(attrs))
      problems.push(`inline script ${tag}`)
    const rest = attrs.replace(/\s([a-zA-Z-]+)(="[^"]*")?/g, (_, attr: string, value?: string) => {
      const a = attr.toLowerCase()
      if (!ATTRIBUTES.has(a) && !a.startsWith('data-'))
        problems.push(`attribute ${attr} in ${tag.slice(0, 80)}`)
      const v = value?.slice(2, -1) ?? ''
      if (
        (a === 'href' || a === 'src') &&
        !/^(https?:|mailto:|\/sandbox\/)/.test(v) &&
        !(a === 'href' && v === '/')
      )
        problems.push(`${a}="${v}"`)
      return ''
    })
    if (rest.trim() !== '') problems.push(`unparsed attributes ${rest} in ${tag.slice(0, 80)}`)
  }
  return problems
}

/** The text a person reads (tags dropped, entities decoded). */
export function readable(markup: string): string {
  return markup
    .replace(/<\/?(strong|em|del|code|span|a)\b[^>]*>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}
