#!/usr/bin/env bash
# Werkstatt on several processes: K `streamlit run serve.py` (the st.App entry) on loopback ports, one
# PostgreSQL, HAProxy in front (sticky by an inserted cookie, websockets, event streams, gzip for static
# files). Runs until Ctrl-C, then stops all.
#
#   scripts/scale.sh [K]            (or: make scale K=3)
#
# Environment:
#   WERKSTATT_DATABASE_URL  default postgresql+psycopg://postgres@127.0.0.1:5432/werkstatt_scale
#                           (the database is created when missing)
#   SCALE_PORT              HAProxy's port, default 8600 (bound to SCALE_BIND, default 127.0.0.1)
#   SCALE_BASE_PORT         first app port, default 8611 (then 8612, ...)
#   WERKSTATT_BASE_URL    the address shown on the beamer, default http://SCALE_BIND:SCALE_PORT
set -euo pipefail
cd "$(dirname "$0")/.."

K=${1:-${K:-2}}
BIND=${SCALE_BIND:-127.0.0.1}
PORT=${SCALE_PORT:-8600}
BASE=${SCALE_BASE_PORT:-8611}
export WERKSTATT_DATABASE_URL=${WERKSTATT_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/werkstatt_scale}
export WERKSTATT_BASE_URL=${WERKSTATT_BASE_URL:-http://$BIND:$PORT}
PY=.venv/bin/python
OUT=build/scale
[[ "$K" =~ ^[1-9][0-9]?$ ]] || { echo "K muss 1..99 sein, nicht '$K'" >&2; exit 2; }
[[ -x $PY ]] || { echo "Bitte zuerst: make install" >&2; exit 1; }

if ! command -v haproxy >/dev/null; then
  if [[ $(id -u) == 0 ]]; then
    echo "HAProxy fehlt: installiere Debians Paket haproxy ..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null
    systemctl disable --now haproxy >/dev/null 2>&1 || true  # we run our own instance, not the service
  else
    echo "HAProxy fehlt. Bitte als root ausführen: apt-get install -y haproxy" >&2; exit 1
  fi
fi

mkdir -p "$OUT"
# The database (not only the schema) belongs to this setup: create it when missing, then migrate.
$PY -m deploy.scale_setup "$WERKSTATT_DATABASE_URL"
$PY -m werkstatt init --ensure-admin

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  echo "gestoppt."
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SERVERS=""
for ((i = 1; i <= K; i++)); do
  port=$((BASE + i - 1))
  setsid $PY -m streamlit run serve.py --server.headless=true --server.address=127.0.0.1 \
    --server.port="$port" --browser.gatherUsageStats=false --server.fileWatcherType=none \
    >"$OUT/app$i.log" 2>&1 &
  PIDS+=($!)
  SERVERS+="    server app$i 127.0.0.1:$port check cookie app$i"$'\n'
done
for ((i = 1; i <= K; i++)); do
  port=$((BASE + i - 1))
  for _ in $(seq 120); do  # at most 60 s per process
    curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null && break
    sleep 0.5
  done
  curl -fs "http://127.0.0.1:$port/_stcore/health" >/dev/null || { echo "app$i startet nicht: $OUT/app$i.log" >&2; exit 1; }
done

$PY -m deploy.scale_setup --render-haproxy "$OUT/haproxy.cfg" --bind "$BIND" --port "$PORT" --servers "$SERVERS"
haproxy -c -q -f "$OUT/haproxy.cfg"
setsid haproxy -db -f "$OUT/haproxy.cfg" >"$OUT/haproxy.log" 2>&1 &
PIDS+=($!)

echo "Werkstatt: $WERKSTATT_BASE_URL  ($K Prozesse ab Port $BASE, HAProxy-Konfiguration $OUT/haproxy.cfg, Logs in $OUT/)"
echo "Stoppen mit Strg-C."
wait -n "${PIDS[@]}" || true
echo "Ein Prozess hat sich beendet (siehe $OUT/*.log)." >&2
