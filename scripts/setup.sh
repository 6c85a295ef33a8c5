#!/usr/bin/env bash
# Everything the tests and the demo need outside node_modules, installed once (idempotent, quiet when done):
#   - poppler-utils (pdftotext), to read generated PDFs back in tests, redis-server and postgresql, for n8n queue
#     mode (and the bench on PostgreSQL) — Debian packages, need root or sudo;
#   - with --bench: Debian's chromium, the baseline `npm run bench` compares the notice renderer with (and nothing else);
#   - with --demo: only what the demo needs (the real n8n 2.x below);
#   - a real n8n 2.x with Node 24, and the last n8n 1.x on this Node, cached outside the clone (scripts/install-n8n*.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# Redis for the queue-mode tests and `npm run demo -- --queue`.
[ "${1:-}" = "--bench" ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# PostgreSQL for queue mode (tests, the bench and `npm run demo -- --queue` start a throw-away cluster: devtools/postgres.ts).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${1:-}" = "--bench" ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
fi
[ "${1:-}" = "--bench" ] && exit 0
bash scripts/install-n8n.sh >/dev/null
[ "${1:-}" = "--demo" ] && exit 0
bash scripts/install-n8n1.sh >/dev/null
