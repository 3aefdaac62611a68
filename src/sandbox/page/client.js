// The sandbox page's script (plain ES2020, no build step). The server renders everything; this script
// sends what the person does to the sandbox's Slack (/sandbox/do/<verb>) and, whenever the server says
// something changed (/sandbox/events, SSE), swaps in fresh fragments from /sandbox/state. It never builds
// markup from data: option lists and chips are made with textContent.
;(() => {
  const body = document.body
  const state = {
    as: body.dataset.as || '',
    tab: body.dataset.currentTab || '',
    modalKey: document.getElementById('modal-root').dataset.key || '',
  }
  const $ = (id) => document.getElementById(id)
  const modalRoot = $('modal-root')

  function notice(text) {
    const el = $('notice')
    if (el) el.textContent = text
  }

  async function post(verb, payload) {
    const res = await fetch(`/sandbox/do/${verb}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sandbox': '1' },
      body: JSON.stringify({ as: state.as, ...payload }),
    })
    const answer = await res.json().catch(() => ({}))
    if (!res.ok) {
      notice(`The sandbox could not do that: ${answer.error || res.status}`)
      throw new Error(answer.error || String(res.status))
    }
    return answer
  }

  // ---- fragments -------------------------------------------------------------------------------
  let refreshing = false
  let again = false
  /** A refresh of the channel was held back while a confirm was open on one of its messages. */
  let held = false

  function answered() {
    pending = null
    if (held) {
      held = false
      safely(refresh())
    }
  }

  async function refresh() {
    if (refreshing) {
      again = true
      return
    }
    refreshing = true
    try {
      do {
        again = false
        const asked = { as: state.as, tab: state.tab }
        const res = await fetch(`/sandbox/state?${new URLSearchParams(asked)}`, { cache: 'no-store' })
        const fragments = res.ok ? await res.json() : null
        // Someone else picked in Act as, or another tab, meanwhile: this answer is stale, ask again.
        if (state.as !== asked.as || state.tab !== asked.tab) again = true
        else if (fragments) apply(fragments)
      } while (again)
    } finally {
      refreshing = false
    }
  }

  function apply(f) {
    state.as = f.as
    state.tab = f.tab
    body.dataset.as = f.as
    body.dataset.currentTab = f.tab
    $('channels').innerHTML = f.channels
    $('tab-title').textContent = f.title
    const log = $('messages')
    // A confirm open on a message stays until answered; the channel catches up afterwards.
    if (pending && log.contains(pending.confirm)) held = true
    else {
      const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80
      patchMessages(log, f.main)
      if (atBottom) log.scrollTop = log.scrollHeight
    }
    $('error-list').innerHTML = f.errors
    $('composer').hidden = f.tab === 'outbox'
    applyModal(f.modal)
    const q = new URLSearchParams({ as: state.as, tab: state.tab })
    history.replaceState(null, '', `/?${q}`)
  }

  /**
   * Only the messages that changed are replaced, new ones added, gone ones removed: focus, open menus and
   * the screen reader's place survive a refresh, and the live log announces only what is new.
   */
  function patchMessages(log, markup) {
    const next = document.createElement('div')
    next.innerHTML = markup
    const keyOf = (el) => (el.matches('article.message') ? `${el.dataset.channelId} ${el.dataset.ts}` : null)
    const fresh = [...next.children]
    const current = [...log.children]
    if (fresh.some((el) => !keyOf(el)) || current.some((el) => !keyOf(el))) {
      log.innerHTML = markup
      return
    }
    const old = new Map(current.map((el) => [keyOf(el), el]))
    const kept = fresh.map((el) => {
      const before = old.get(keyOf(el))
      return before && before.outerHTML === el.outerHTML ? before : el
    })
    for (const el of current) if (!kept.includes(el)) el.remove()
    kept.forEach((el, i) => {
      if (log.children[i] !== el) log.insertBefore(el, log.children[i] || null)
    })
  }

  function applyModal(modal) {
    const key = modal ? modal.key : ''
    if (key === state.modalKey) return
    state.modalKey = key
    modalRoot.dataset.key = key
    const old = modalRoot.querySelector('dialog.modal')
    if (old?.open) old.close()
    modalRoot.innerHTML = modal ? modal.html : ''
    showModal()
  }

  function showModal() {
    const dialog = modalRoot.querySelector('dialog.modal')
    if (!dialog) return
    if (dialog.open) dialog.close()
    dialog.showModal()
    const firstError = dialog.querySelector('.field-error:not([hidden])')
    const target = firstError
      ? firstError.closest('.block')?.querySelector('input, select, textarea, button')
      : dialog.querySelector(
          '.modal-body input, .modal-body select, .modal-body textarea, .modal-body button',
        )
    if (target) target.focus()
  }

  // ---- live updates ----------------------------------------------------------------------------
  let source
  function listen() {
    if (source) source.close()
    source = new EventSource(`/sandbox/events?${new URLSearchParams({ as: state.as })}`)
    source.onmessage = () => refresh()
    source.onopen = () => refresh()
  }

  // ---- reading controls ------------------------------------------------------------------------
  function chipsOf(widget) {
    return [...widget.querySelectorAll('.chips .chip')].map((c) => ({
      text: c.dataset.text,
      value: c.dataset.value,
    }))
  }

  /** The value of one control (the element carrying data-el), as routes.ts's PageInput. */
  function readInput(el) {
    const type = el.dataset.el
    if (type === 'button') return { value: el.value }
    if (type === 'external_select' || type === 'multi_external_select') return { options: chipsOf(el) }
    if (type === 'checkboxes')
      return { values: [...el.querySelectorAll('input[type=checkbox]:checked')].map((i) => i.value) }
    if (type === 'radio_buttons') {
      const checked = el.querySelector('input[type=radio]:checked')
      return { value: checked ? checked.value : null }
    }
    if (type === 'file_input') return { files: JSON.parse(el.dataset.files || '[]') }
    if (el.tagName === 'SELECT' && el.multiple) return { values: [...el.selectedOptions].map((o) => o.value) }
    return { value: el.value === '' ? null : el.value }
  }

  function collectValues(dialog) {
    const values = {}
    for (const el of dialog.querySelectorAll('[data-el][data-action-id]')) {
      const type = el.dataset.el
      if (type === 'button' || type === 'overflow' || !el.dataset.actionId) continue
      const blockId = el.dataset.blockId
      values[blockId] = values[blockId] || {}
      values[blockId][el.dataset.actionId] = readInput(el)
    }
    return values
  }

  function sourceOf(el) {
    const dialog = el.closest('dialog.modal')
    if (dialog) return { viewId: dialog.dataset.viewId }
    const message = el.closest('article.message')
    return message ? { channelId: message.dataset.channelId, ts: message.dataset.ts } : null
  }

  async function sendAction(el, input) {
    const source = sourceOf(el)
    if (!source) return
    const dialog = el.closest('dialog.modal')
    notice('')
    await post('action', {
      source,
      blockId: el.dataset.blockId,
      actionId: el.dataset.actionId,
      input: input || readInput(el),
      values: dialog ? collectValues(dialog) : undefined,
    })
  }

  // ---- confirm dialogs -------------------------------------------------------------------------
  let pending = null
  function askFirst(el, input) {
    const confirm = el.dataset.confirm ? document.getElementById(el.dataset.confirm) : null
    if (!confirm) return sendAction(el, input)
    pending = { el, input, confirm }
    confirm.showModal()
    confirm.querySelector('[data-confirm-yes]')?.focus()
  }

  // ---- external selects (type-ahead through block_suggestion) ------------------------------------
  const timers = new WeakMap()
  function scheduleOptions(widget) {
    clearTimeout(timers.get(widget))
    timers.set(
      widget,
      setTimeout(() => loadOptions(widget), 150),
    )
  }

  async function loadOptions(widget) {
    const search = widget.querySelector('.ext-search')
    const listbox = widget.querySelector('[role=listbox]')
    const query = search.value
    if (query.length < Number(widget.dataset.minQuery || 0)) {
      listbox.hidden = true
      search.setAttribute('aria-expanded', 'false')
      return
    }
    const answer = await post('options', {
      source: sourceOf(widget),
      blockId: widget.dataset.blockId,
      actionId: widget.dataset.actionId,
      value: query,
    })
    if (search.value !== query) return
    listbox.replaceChildren()
    for (const option of answer.options || []) {
      const li = document.createElement('li')
      li.setAttribute('role', 'option')
      li.tabIndex = -1
      li.dataset.value = option.value
      li.dataset.text = option.text
      li.textContent = option.group ? `${option.text} (${option.group})` : option.text
      listbox.append(li)
    }
    if (listbox.children.length === 0) {
      const li = document.createElement('li')
      li.className = 'empty'
      li.textContent = 'No matches'
      listbox.append(li)
    }
    listbox.hidden = false
    search.setAttribute('aria-expanded', 'true')
  }

  function chip(text, value) {
    const li = document.createElement('li')
    li.className = 'chip'
    li.dataset.text = text
    li.dataset.value = value
    const remove = document.createElement('button')
    remove.type = 'button'
    remove.className = 'chip-remove'
    remove.setAttribute('aria-label', `Remove ${text}`)
    remove.textContent = '×'
    li.append(`${text} `, remove)
    return li
  }

  function pick(option) {
    const widget = option.closest('.ext-select')
    const chips = widget.querySelector('.chips')
    const value = option.dataset.value
    if (widget.dataset.multi !== '1') chips.replaceChildren()
    if (!chipsOf(widget).some((c) => c.value === value)) chips.append(chip(option.dataset.text, value))
    const search = widget.querySelector('.ext-search')
    search.value = ''
    widget.querySelector('[role=listbox]').hidden = true
    search.setAttribute('aria-expanded', 'false')
    search.focus()
    if (widget.dataset.dispatch) askFirst(widget)
  }

  // ---- file_input: the file goes to the sandbox's Slack first, the form keeps its id ------------
  async function upload(input) {
    const status = input.nextElementSibling
    const ids = []
    const names = []
    for (const file of input.files) {
      const q = new URLSearchParams({
        as: state.as,
        name: file.name,
        type: file.type || 'application/octet-stream',
      })
      status.textContent = `Uploading ${file.name}…`
      const res = await fetch(`/sandbox/upload?${q}`, {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream', 'x-sandbox': '1' },
        body: file,
      })
      const answer = await res.json().catch(() => ({}))
      if (!res.ok) {
        status.textContent = `Upload failed: ${answer.error || res.status}`
        return
      }
      ids.push(answer.fileId)
      names.push(file.name)
    }
    input.dataset.files = JSON.stringify(ids)
    status.textContent = ids.length > 0 ? `Uploaded: ${names.join(', ')}` : ''
    if (input.dataset.dispatch) sendAction(input)
  }

  // ---- modal buttons ---------------------------------------------------------------------------
  function showErrors(dialog, errors) {
    for (const p of dialog.querySelectorAll('.field-error')) {
      p.hidden = true
      p.textContent = ''
    }
    let first = null
    for (const [blockId, message] of Object.entries(errors || {})) {
      const p = document.getElementById(`error-${blockId}`)
      if (!p) {
        notice(`${blockId}: ${message}`)
        continue
      }
      p.textContent = message
      p.hidden = false
      first = first || p
    }
    first?.closest('.block')?.querySelector('input, select, textarea, button')?.focus()
  }

  const isEmpty = (input) =>
    !input ||
    input.value === null ||
    input.value === '' ||
    (input.values && input.values.length === 0) ||
    (input.options && input.options.length === 0) ||
    (input.files && input.files.length === 0) ||
    (input.value === undefined && !input.values && !input.options && !input.files)

  /** Slack does not send a form with a required input empty: it says so under the field. */
  function missingRequired(dialog) {
    const errors = {}
    for (const block of dialog.querySelectorAll('.block.input[data-required]')) {
      const el = block.querySelector('[data-el][data-action-id]')
      if (el && isEmpty(readInput(el))) errors[block.dataset.blockId] = 'Please complete this required field.'
    }
    return errors
  }

  async function submit(dialog) {
    notice('')
    const missing = missingRequired(dialog)
    if (Object.keys(missing).length > 0) return showErrors(dialog, missing)
    const answer = await post('submit', { viewId: dialog.dataset.viewId, values: collectValues(dialog) })
    if (answer.errors && modalRoot.contains(dialog)) showErrors(dialog, answer.errors)
  }

  // ---- events ----------------------------------------------------------------------------------
  const safely = (promise) => Promise.resolve(promise).catch((error) => console.error(error))

  document.addEventListener('click', (event) => {
    const t = event.target instanceof Element ? event.target : null
    if (!t) return
    const tab = t.closest('[data-tab]')
    if (tab) {
      state.tab = tab.dataset.tab
      return void safely(refresh())
    }
    const yes = t.closest('[data-confirm-yes]')
    if (yes && pending) {
      const { el, input, confirm } = pending
      confirm.close()
      answered()
      return void safely(sendAction(el, input))
    }
    const no = t.closest('[data-confirm-no]')
    if (no) {
      no.closest('dialog')?.close()
      return void answered()
    }
    const remove = t.closest('.chip-remove')
    if (remove) {
      const widget = remove.closest('.ext-select')
      remove.closest('.chip').remove()
      widget.querySelector('.ext-search').focus()
      if (widget.dataset.dispatch) safely(askFirst(widget))
      return
    }
    const option = t.closest('.ext-select [role=option]')
    if (option) return void pick(option)
    const dialog = t.closest('dialog.modal')
    if (t.closest('[data-modal-submit]') && dialog) return void safely(submit(dialog))
    if (t.closest('[data-modal-close], [data-modal-back]') && dialog)
      return void safely(post('close', { viewId: dialog.dataset.viewId }))
    const button = t.closest('button[data-el=button]')
    if (button) return void safely(askFirst(button, { value: button.value }))
  })

  document.addEventListener('change', (event) => {
    const t = event.target
    if (!(t instanceof Element)) return
    if (t.id === 'act-as') {
      state.as = t.value
      state.modalKey = '\u0000'
      listen()
      return
    }
    if (t.matches('input[type=file][data-el=file_input]')) return void safely(upload(t))
    const el = t.closest('[data-el][data-dispatch]')
    if (!el || el.dataset.el === 'button') return
    if (el.dataset.el === 'overflow') {
      const value = el.value
      el.value = ''
      if (value) safely(askFirst(el, { value }))
      return
    }
    safely(askFirst(el))
  })

  document.addEventListener('input', (event) => {
    const t = event.target
    if (t instanceof Element && t.matches('.ext-search')) scheduleOptions(t.closest('.ext-select'))
  })

  document.addEventListener('focusin', (event) => {
    const t = event.target
    if (t instanceof Element && t.matches('.ext-search')) {
      const widget = t.closest('.ext-select')
      if (Number(widget.dataset.minQuery || 0) === 0 && t.value === '') scheduleOptions(widget)
    }
  })

  document.addEventListener('keydown', (event) => {
    const t = event.target
    if (!(t instanceof Element)) return
    if (t.matches('.ext-search') && event.key === 'ArrowDown') {
      const first = t.closest('.ext-select').querySelector('[role=option]')
      if (first) {
        event.preventDefault()
        first.focus()
      }
      return
    }
    if (t.matches('.ext-select [role=option]')) {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault()
        pick(t)
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const next = event.key === 'ArrowDown' ? t.nextElementSibling : t.previousElementSibling
        if (next) next.focus()
        else if (event.key === 'ArrowUp') t.closest('.ext-select').querySelector('.ext-search').focus()
      } else if (event.key === 'Escape') {
        event.preventDefault()
        t.closest('[role=listbox]').hidden = true
        t.closest('.ext-select').querySelector('.ext-search').focus()
      }
    }
  })

  // Escape on a modal: Slack's close (the emulator pops the view); on a confirm: Cancel.
  document.addEventListener(
    'cancel',
    (event) => {
      const dialog = event.target
      if (!(dialog instanceof HTMLDialogElement)) return
      if (dialog.classList.contains('modal')) {
        event.preventDefault()
        safely(post('close', { viewId: dialog.dataset.viewId }))
      } else answered()
    },
    true,
  )

  $('composer').addEventListener('submit', (event) => {
    event.preventDefault()
    const input = $('composer-text')
    const text = input.value.trim()
    if (!text) return
    if (!text.startsWith('/')) {
      notice('Only slash commands reach the app here: try /msp help.')
      return
    }
    notice('')
    input.value = ''
    safely(post('command', { channelId: state.tab, text }))
  })

  showModal()
  listen()
})()
