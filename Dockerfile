# syntax=docker/dockerfile:1
# Fluxgate server image: `docker build -t fluxgate .` then `docker run -p 8086:8086 fluxgate`.

# ---- build: install every dependency, compile the server and what it depends on ----
FROM node:20-bookworm-slim AS build
WORKDIR /src
RUN corepack enable
# The whole workspace at once: listing each package's manifest for layer caching would break every
# time a package is added. .dockerignore keeps node_modules, dist and .git out.
COPY . .
RUN pnpm install --frozen-lockfile
RUN pnpm turbo run build --filter @fluxgate/server...
# Drop dev dependencies (TypeScript, vitest, turbo…) from the tree the runtime stage copies.
RUN CI=true pnpm install --frozen-lockfile --prod --offline

# ---- runtime: the built workspace, run as an unprivileged user ----
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /src /app
RUN groupadd --system fluxgate \
 && useradd --system --gid fluxgate --home-dir /var/lib/fluxgate --no-create-home fluxgate \
 && mkdir -p /var/lib/fluxgate \
 && chown fluxgate:fluxgate /var/lib/fluxgate
USER fluxgate
ENV FLUXGATE_DATA_DIR=/var/lib/fluxgate \
    FLUXGATE_HTTP_BIND_ADDRESS=:8086
VOLUME /var/lib/fluxgate
EXPOSE 8086
# node is the only program the slim image is sure to have; Node 20 has fetch built in.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8086/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "/app/apps/server/dist/main.js"]
CMD ["run"]
