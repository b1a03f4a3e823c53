#!/bin/sh
# docker-entrypoint.sh frontend|backend|standalone
set -e
role="${1:-standalone}"
case "$role" in
  # The frontend's V8 young generation: 8 MB semi-spaces (apps/frontend/src/v8-memory.ts); a size in NODE_OPTIONS comes later and wins.
  frontend) NODE_OPTIONS="--max-semi-space-size=8 ${NODE_OPTIONS:-}" exec node apps/frontend/dist/main.js ;;
  backend|standalone) exec node "apps/$role/dist/main.js" ;;
  *) exec "$@" ;;
esac
