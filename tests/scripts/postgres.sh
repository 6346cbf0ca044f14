#!/usr/bin/env bash
# Throwaway PostgreSQL server for tests.
#   postgres.sh start [INSTANCE_DIR]  initdb into INSTANCE_DIR (default: a new temp dir), start on a free
#                                     127.0.0.1 port with trust auth, create database "rag", print the
#                                     Npgsql connection string on stdout (the instance dir goes to stderr).
#   postgres.sh stop INSTANCE_DIR     stop that server and delete INSTANCE_DIR.
#   postgres.sh pause INSTANCE_DIR    stop that server but keep its data (for tests of a database outage).
#   postgres.sh resume INSTANCE_DIR   start a paused server again, on the same port.
# Binaries: $PG_BIN, else the newest /usr/lib/postgresql/*/bin, else pg_ctl on PATH.
# Run as root, the server runs as the "postgres" user (initdb refuses root).
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin() {
    if [[ -n "${PG_BIN:-}" ]]; then echo "$PG_BIN"; return; fi
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$newest" ]]; then echo "$newest"; return; fi
    if command -v pg_ctl >/dev/null; then dirname "$(command -v pg_ctl)"; return; fi
    die "PostgreSQL server binaries not found (initdb, pg_ctl). Install PostgreSQL (e.g. apt-get install postgresql) or set PG_BIN."
}

# Runs a command as the unprivileged server user when we are root.
as_server_user() {
    if [[ $EUID -eq 0 ]]; then runuser -u "$SERVER_USER" -- "$@"; else "$@"; fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
    local dir="${1:-}"
    [[ -n "$dir" ]] || dir=$(mktemp -d -t rag-postgres.XXXXXX)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ $EUID -ne 0 ]] || chown "$SERVER_USER" "$dir"

    as_server_user "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || die "initdb failed; see $dir/initdb.log: $(tail -n 5 "$dir/initdb.log")"

    local port attempt
    for attempt in $(seq 1 20); do
        port=$((20000 + RANDOM % 40000))
        port_in_use "$port" && continue
        # Durability settings off: this server only ever holds test data.
        if as_server_user "$BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start -o "$(server_options "$port" "$dir")" >/dev/null; then
            echo "$port" >"$dir/port"
            as_server_user "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres rag
            echo "instance dir: $dir (stop with: $0 stop $dir)" >&2
            echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=rag"
            return
        fi
    done
    die "could not start PostgreSQL; see $dir/postgres.log: $(tail -n 5 "$dir/postgres.log" 2>/dev/null)"
}

server_options() {
    echo "-c listen_addresses=127.0.0.1 -p $1 -c unix_socket_directories='$2' -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
}

pause() {
    local dir="${1:?usage: postgres.sh pause INSTANCE_DIR}"
    as_server_user "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

resume() {
    local dir="${1:?usage: postgres.sh resume INSTANCE_DIR}"
    as_server_user "$BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start -o "$(server_options "$(cat "$dir/port")" "$dir")" >/dev/null \
        || die "could not resume PostgreSQL; see $dir/postgres.log: $(tail -n 5 "$dir/postgres.log" 2>/dev/null)"
}

stop() {
    local dir="${1:?usage: postgres.sh stop INSTANCE_DIR}"
    [[ -d "$dir" ]] || return 0
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_server_user "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

SERVER_USER="${PG_SERVER_USER:-postgres}"
if [[ $EUID -eq 0 ]] && ! id "$SERVER_USER" >/dev/null 2>&1; then
    SERVER_USER=nobody
fi
case "${1:-}" in
    start) BIN=$(find_bin); [[ -x "$BIN/initdb" ]] || die "no initdb in $BIN: install the PostgreSQL server binaries or set PG_BIN to their directory."; start "${2:-}" ;;
    stop)  BIN=$(find_bin); stop "${2:-}" ;;
    pause)  BIN=$(find_bin); pause "${2:-}" ;;
    resume) BIN=$(find_bin); resume "${2:-}" ;;
    *) die "usage: postgres.sh start [INSTANCE_DIR] | stop INSTANCE_DIR | pause INSTANCE_DIR | resume INSTANCE_DIR" ;;
esac
