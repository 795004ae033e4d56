# syntax=docker/dockerfile:1
# One image per authwatch service, built from the repository:
#   docker build --build-arg APP=scorer -t authwatch/scorer .
# APP is one of ingest, enricher, scorer, notifier, recorder (or standalone); the
# container runs `node --import tsx apps/$APP/src/main.ts`. Any other entry point
# (e.g. tools/simulate.ts) can be given as the command.

ARG NODE_IMAGE=node:20-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Runtime dependencies only (tsx runs the TypeScript sources; chDB ships prebuilt glibc binaries).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ARG APP=ingest
ENV NODE_ENV=production \
    APP=${APP} \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
COPY tools/simulate.ts ./tools/simulate.ts
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080 8081 8082 8083 8084
# Health is served on HTTP_PORT (each app has its own default); compose and Kubernetes probe /healthz and /readyz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.HTTP_PORT || {ingest:8080,enricher:8081,scorer:8082,notifier:8083,recorder:8084}[process.env.APP] || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# exec: node is PID 1 and receives SIGTERM (graceful stop after the current batch).
CMD exec node --import tsx "apps/${APP}/src/main.ts"
