#!/bin/sh
# `npm start` and the Slack CLI's start hook: the app in this one process (exec: npm's or the CLI's signal
# reaches it). On a PostgreSQL server V8's young generation is capped (2 MB semi-spaces): V8 keeps the
# young generation start-up grew, ~20 MB of idle RSS. Not on the embedded database: PGlite's work shares
# the heap, and there the cap cost 0.5–1 ms of CPU per form save.
app="$(dirname "$0")/msp-bot.js"
case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) exec node --max-semi-space-size=2 "$app" start "$@" ;;
  *) exec node "$app" start "$@" ;;
esac
