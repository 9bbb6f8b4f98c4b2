# tagih in a container: `docker build -t tagih .`, then see README.md ("Deploy").
# Not built by CI (no container engine runs there); kept small and obvious.

# --- dependencies: compiled here, so the final image has no compiler --------
FROM node:24-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary when one exists for this Node, and
# compiles itself otherwise.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- the image: the code as it is in the repository (Node strips the types) --
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    CONSOLE=off
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY src ./src
COPY bots ./bots
COPY scripts ./scripts
# The image's own non-root user (uid 1000) owns the data volume and nothing else.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node is PID 1 and gets SIGTERM itself (docker stop), and tagih
# stops within 10 s, inside docker's default grace period.
STOPSIGNAL SIGTERM
CMD ["node", "src/main.ts"]
