# syntax=docker/dockerfile:1
# msp-bot image. Stage "build": every dependency, the Prisma client, the compiled JavaScript (dist/, when
# package.json has a build script), then devDependencies removed. Stage "runtime": that tree only, owned by
# root and run as the unprivileged `node` user, who may write nothing but /app/data (the embedded database's
# folder when DATABASE_URL is unset). Migrations are applied by the app itself on start (src/db/migrate.ts).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
# Dependencies' own install scripts stay off, as package.json's allowScripts says (Prisma's engine
# download is not needed: the client runs on driver adapters with the WASM query compiler).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npx prisma generate \
 && npm run build --if-present \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production CHECKPOINT_DISABLE=1 PORT=3000
WORKDIR /app
COPY --from=build /app /app
# bin/msp-bot.js runs dist/ only when its stamp is newer than everything under src/: the sources cannot
# change inside the image, so the stamp is dated after the copy (which need not keep folders' dates).
RUN if [ -f dist/.built ]; then touch dist/.built; fi \
 && mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# npm's one child is the app (`exec sh bin/start.sh`, which execs node); npm passes SIGTERM on, the app drains
# requests in flight (10 s) and closes the database.
STOPSIGNAL SIGTERM
CMD ["npm", "start"]
