#!/bin/sh
# docker-entrypoint.sh frontend|backend|standalone
set -e
role="${1:-standalone}"
case "$role" in
  # The frontend's V8 young generation: 8 MB semi-spaces (apps/frontend/src/v8-memory.ts), unless NODE_OPTIONS sets them.
  frontend)
    case "${NODE_OPTIONS:-}" in
      *--max-semi-space-size*|*--max_semi_space_size*) exec node apps/frontend/dist/main.js ;;
      *) exec node --max-semi-space-size=8 apps/frontend/dist/main.js ;;
    esac ;;
  backend|standalone) exec node "apps/$role/dist/main.js" ;;
  *) exec "$@" ;;
esac
