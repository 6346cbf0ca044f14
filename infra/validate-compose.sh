#!/usr/bin/env bash
# Checks that docker-compose.yml is valid on its own and with each profile and override (no Docker engine needed).
# Uses $COMPOSE if set, else `docker compose` (v2) when present, else `docker-compose` (v1).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -n "${COMPOSE:-}" ]]; then
  read -r -a compose <<< "$COMPOSE"
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  compose=(docker-compose)
fi

check() {
  echo "compose config: $*"
  "${compose[@]}" "$@" config -q
}

check -f docker-compose.yml
check -f docker-compose.yml --profile llm
check -f docker-compose.yml -f docker-compose.gpu.yml
check -f docker-compose.yml -f docker-compose.gpu.yml --profile llm
# Every Rag__ key the compose files set must be a documented setting (one the service reads): a typo would be ignored silently.
for key in $(grep -ohE '\bRag__[A-Za-z_]+' docker-compose*.yml | sort -u); do
  grep -qE "^#? ?$key=" .env.example || { echo "$key is set in compose but is not a setting listed in .env.example" >&2; exit 1; }
done
echo "compose files valid"
