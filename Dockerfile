# gt-local in a container: the emulator on port 4700, its state in the /data volume.
#   docker build -t gt-local .
#   docker run --rm -p 4700:4700 -v gt-local-data:/data gt-local

# Build stage: better-sqlite3 compiles its native addon here (glibc, so node:20-slim, not alpine).
FROM node:20-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY emulator ./emulator
COPY server ./server
# npm run build: tsc's modules, then scripts/bundle-cli.ts bundles the command into dist/cli/.
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled dist/, production dependencies, the portal's client sources (bundled
# on first request), and nothing else.
FROM node:20-slim
# Inside the container gt-local must bind every interface; the published port decides who reaches
# it, so the start is not refused (GT_LOCAL_INSECURE_BIND). Publish on loopback
# (-p 127.0.0.1:4700:4700), or guard it with GT_LOCAL_PORTAL_PASSWORD / GT_LOCAL_VERIFY_SIGNATURES.
ENV NODE_ENV=production \
    GT_LOCAL_HOST=0.0.0.0 \
    GT_LOCAL_INSECURE_BIND=1 \
    GT_LOCAL_PORT=4700 \
    GT_LOCAL_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json LICENSE NOTICE README.md ./
COPY bin ./bin
COPY client ./client
COPY samples ./samples
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 4700
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:4700/_gt/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/gt-local.js"]
CMD ["start"]
