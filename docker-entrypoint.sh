#!/bin/sh
# docker-entrypoint.sh frontend|backend|standalone
set -e
role="${1:-standalone}"
case "$role" in
  frontend|backend|standalone) exec node "apps/$role/dist/main.js" ;;
  *) exec "$@" ;;
esac
