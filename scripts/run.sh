#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
#   scripts/run.sh         REST on http://localhost:$RASA_PORT/webhooks/rest/webhook
#   scripts/run.sh shell   chat in this terminal instead
# Security (docs/security.md): the action server listens on 127.0.0.1 only and answers only
# calls carrying ACTION_SERVER_TOKEN (a random one is made per start when unset); the Rasa
# HTTP API is off unless RASA_API_TOKEN is set, and then every API call needs that token.
# The Rasa server listens on 127.0.0.1 (this machine only) unless HOST is set, e.g. HOST=0.0.0.0
# behind the nginx of deploy/ (README: "Serving to the internet").
set -euo pipefail
cd "$(dirname "$0")/.."
RASA_PORT=${RASA_PORT:-5005}
HOST=${HOST:-127.0.0.1}
ACTION_PORT=${ACTION_PORT:-5055}
MODEL=${MODEL:-models/twitch-assistant.tar.gz}
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 SQLALCHEMY_SILENCE_UBER_WARNING=1
mkdir -p var   # the SQLite tracker store (endpoints.yml) and generated credentials live here
# Shared secret between the Rasa server (endpoints.yml reads it) and the action server.
if [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  ACTION_SERVER_TOKEN=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(24))')
fi
export ACTION_SERVER_TOKEN
# The Rasa HTTP API (/conversations, /model...) only with a token; otherwise it does not exist.
api_args=()
if [ -n "${RASA_API_TOKEN:-}" ]; then
  api_args=(--enable-api --auth-token "$RASA_API_TOKEN")
fi
# Channels come from the environment: REST and the widget always, Telegram/Slack when configured.
.venv/bin/python scripts/credentials.py var/credentials.yml
# endpoints.yml with ACTION_PORT, plus a Redis lock store when LOCK_STORE_URL is set (needed for SANIC_WORKERS > 1).
.venv/bin/python scripts/endpoints.py var/endpoints.yml "$ACTION_PORT"
if [ "${SANIC_WORKERS:-1}" != "1" ] && [ -z "${LOCK_STORE_URL:-}" ]; then
  echo "SANIC_WORKERS=$SANIC_WORKERS needs LOCK_STORE_URL (redis://host:6379/1); Rasa will run one worker." >&2
fi

[ -f "$MODEL" ] || { echo "No model at $MODEL: run 'make run' (it trains first)." >&2; exit 1; }

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT

# actions/server.py: rasa-sdk's server bound to ACTION_SERVER_HOST (default 127.0.0.1), token-checked.
.venv/bin/python -m actions.server --actions actions --port "$ACTION_PORT" --quiet &
pids+=($!)

if [ "${1:-}" = "shell" ]; then
  .venv/bin/rasa shell --model "$MODEL" --endpoints var/endpoints.yml --quiet
  exit 0
fi

.venv/bin/rasa run --model "$MODEL" --endpoints var/endpoints.yml --credentials var/credentials.yml \
  --interface "$HOST" --port "$RASA_PORT" --quiet ${api_args[@]+"${api_args[@]}"} &
pids+=($!)

# Tell the person where to talk once the server answers.
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$RASA_PORT/webhooks/rest/health" >/dev/null 2>&1; then
    cat <<MSG

The twitching assistant is running (Ctrl-C stops it).
  Listening on $HOST:$RASA_PORT$([ "$HOST" = "127.0.0.1" ] && echo " (this machine only; set HOST to serve others)")
  REST:  curl -s -XPOST http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook \\
           -H 'Content-Type: application/json' -d '{"sender": "me", "message": "hi"}'
  Actions server: http://127.0.0.1:$ACTION_PORT/health (this machine only; calls need ACTION_SERVER_TOKEN)
  HTTP API: $([ -n "${RASA_API_TOKEN:-}" ] && echo "on, every call needs RASA_API_TOKEN" || echo "off (set RASA_API_TOKEN to enable it)")
  Conversations are stored in var/conversations.db (SQLite).
MSG
    break
  fi
  sleep 1
done
wait -n "${pids[@]}"
