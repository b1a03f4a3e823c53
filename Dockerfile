# Three targets from one build: `frontend` (REST API, no RPM tools), `backend` (generation, with
# createrepo_c and rpm) and `standalone` (both in one process, the default). See docker-compose.yml.
#   docker build --target frontend -t odcs-frontend .
#   docker build --target backend -t odcs-backend .
#   docker run -e ODCS_DATABASE_URL=... -e ODCS_AMQP_URL=... odcs-frontend
#   docker run -e ODCS_DATABASE_URL=... -e ODCS_AMQP_URL=... -v /srv/odcs:/srv/odcs odcs-backend
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps/frontend/package.json apps/frontend/
COPY apps/backend/package.json apps/backend/
COPY apps/standalone/package.json apps/standalone/
COPY apps/cli/package.json apps/cli/
COPY libs/config/package.json libs/config/
COPY libs/compose/package.json libs/compose/
COPY libs/pungi/package.json libs/pungi/
COPY libs/koji/package.json libs/koji/
COPY libs/modules/package.json libs/modules/
COPY libs/messaging/package.json libs/messaging/
COPY libs/engine/package.json libs/engine/
COPY libs/auth/package.json libs/auth/
COPY libs/observability/package.json libs/observability/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
COPY --from=build /src /app
# JSON log lines for the container runtime; health for the orchestrator.
ENV ODCS_HOST=0.0.0.0 ODCS_PORT=5005 ODCS_TARGET_DIR=/srv/odcs ODCS_LOG_FORMAT=json
EXPOSE 5005
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.ODCS_PORT||5005)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/app/docker-entrypoint.sh"]

FROM runtime AS frontend
CMD ["frontend"]

FROM runtime AS backend
# createrepo_c and rpm for the built-in engine; pungi-koji can be added by a derived image.
RUN apt-get update && apt-get install -y --no-install-recommends createrepo-c rpm && rm -rf /var/lib/apt/lists/*
CMD ["backend"]

FROM backend AS standalone
CMD ["standalone"]
