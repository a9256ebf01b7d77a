#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: a fresh cluster in DIR (under /tmp),
# run by the `postgres` user when started as root, listening on 127.0.0.1 only, trust
# authentication for local connections. Uses Debian's `postgresql` package (scripts/setup.sh).
#
#   scripts/pg-test-server.sh start DIR [--durable]   prints the admin URL on stdout
#   scripts/pg-test-server.sh stop DIR
#
# Without --durable the cluster runs with fsync off (fast, for tests: a crash loses it all,
# which is fine for a throwaway cluster); --durable keeps PostgreSQL's defaults (benchmarks).
set -euo pipefail

action=${1:?usage: pg-test-server.sh start|stop DIR [--durable]}
dir=${2:?usage: pg-test-server.sh start|stop DIR [--durable]}
durable=${3:-}

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "PostgreSQL is not installed (Debian package: postgresql); run scripts/setup.sh" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$action" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C \
        --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # A restarted cluster keeps its port (clients reconnect to the same URL).
    if [ -f "$dir/port" ]; then
      port=$(cat "$dir/port")
    else
      port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
      echo "$port" > "$dir/port"
    fi
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=300"
    if [ "$durable" != "--durable" ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$bindir/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql+psycopg://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    ;;
  *)
    echo "usage: pg-test-server.sh start|stop DIR [--durable]" >&2
    exit 2
    ;;
esac
