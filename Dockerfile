# syntax=docker/dockerfile:1
#
# One Dockerfile, one target per process:
#   docker build --target client-bot -t booking/client-bot .
#   docker build --target master-bot -t booking/master-bot .
#   docker build --target sales-bot  -t booking/sales-bot  .
#   docker build --target migrate    -t booking/migrate    .   # pnpm migrate / pnpm tenant
# docker-compose.yml builds each of them. See docs/operations.md.

ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=10
ENV CI=true
RUN npm i -g pnpm@${PNPM_VERSION} && npm cache clean --force
WORKDIR /app

# The workspace manifests and nothing else, so that the dependency layers below stay
# cached until a manifest or the lockfile changes. `--frozen-lockfile` needs every
# workspace package's package.json, the sandbox's included.
FROM base AS manifests
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages/core/package.json packages/core/
COPY packages/bot-kit/package.json packages/bot-kit/
COPY packages/sandbox/package.json packages/sandbox/
COPY apps/client-bot/package.json apps/client-bot/
COPY apps/master-bot/package.json apps/master-bot/
COPY apps/sales-bot/package.json apps/sales-bot/

# Every dependency, dev ones included, then `pnpm build`: tsc compiles each package, app
# and the operator scripts to its own dist/.
FROM manifests AS build
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
COPY tsconfig.base.json tsconfig.build.json ./
COPY packages/core packages/core
COPY packages/bot-kit packages/bot-kit
COPY apps apps
COPY scripts scripts
RUN pnpm build

# Production dependencies of the whole workspace plus the compiled dist/ folders. The
# sandbox's sources are not copied: nothing in production imports it.
FROM manifests AS runtime
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --prod --frozen-lockfile --store-dir /pnpm/store
COPY --from=build /app/packages/core/dist packages/core/dist
COPY --from=build /app/packages/bot-kit/dist packages/bot-kit/dist
COPY --from=build /app/apps/client-bot/dist apps/client-bot/dist
COPY --from=build /app/apps/master-bot/dist apps/master-bot/dist
COPY --from=build /app/apps/sales-bot/dist apps/sales-bot/dist
COPY --from=build /app/dist/scripts dist/scripts
# The "production" export condition makes `@booking/*` imports resolve to dist/*.js
# instead of the src/*.ts files tsx runs in development.
ENV NODE_ENV=production \
    NODE_OPTIONS="--conditions=production --enable-source-maps"
# Files stay owned by root: the process can read its code but not change it.
USER node

# What the three bots share: one HTTP server (/health, /ready, /metrics, and Telegram's
# webhooks in webhook mode) on OPS_PORT, on every interface of the container (outside
# one, the default is loopback only).
FROM runtime AS bot
ENV OPS_PORT=9090 \
    OPS_HOST=0.0.0.0
EXPOSE 9090
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.OPS_PORT || 9090) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# `client-bot --fleet` (every tenant not pinned) or `client-bot --tenant <slug>` (one):
# the mode comes as the command, e.g. ["--fleet"] or ["--tenant", "acme"].
FROM bot AS client-bot
ENTRYPOINT ["node", "apps/client-bot/dist/main.js"]

FROM bot AS master-bot
ENTRYPOINT ["node", "apps/master-bot/dist/main.js"]

FROM bot AS sales-bot
ENTRYPOINT ["node", "apps/sales-bot/dist/main.js"]

# Operator scripts. The default command migrates; any other script runs as
#   docker compose run --rm migrate node dist/scripts/tenant.js list
FROM runtime AS migrate
CMD ["node", "dist/scripts/migrate.js"]
