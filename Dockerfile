# One image, three entry points: frontend, backend, standalone (the default).
#   docker build -t odcs .
#   docker run -e ODCS_DATABASE_URL=... -e ODCS_AMQP_URL=... odcs frontend
#   docker run -e ODCS_DATABASE_URL=... -e ODCS_AMQP_URL=... -v /srv/odcs:/srv/odcs odcs backend
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY apps/frontend/package.json apps/frontend/
COPY apps/backend/package.json apps/backend/
COPY apps/standalone/package.json apps/standalone/
COPY libs/config/package.json libs/config/
COPY libs/compose/package.json libs/compose/
COPY libs/pungi/package.json libs/pungi/
COPY libs/koji/package.json libs/koji/
COPY libs/modules/package.json libs/modules/
COPY libs/messaging/package.json libs/messaging/
COPY libs/engine/package.json libs/engine/
COPY libs/auth/package.json libs/auth/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# createrepo_c and rpm for the built-in engine; pungi-koji can be added by a derived image.
RUN apt-get update && apt-get install -y --no-install-recommends createrepo-c rpm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src /app
ENV ODCS_HOST=0.0.0.0 ODCS_PORT=5005 ODCS_TARGET_DIR=/srv/odcs
EXPOSE 5005
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["standalone"]
