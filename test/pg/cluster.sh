#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: `cluster.sh start DIR [PORT]` prints its URL, `cluster.sh stop DIR`.
# Debian's binaries, trust auth on 127.0.0.1 only, C collation (text keys sort as bytes, like SQLite), fsync on.
# As root it runs as the `postgres` user (initdb refuses root).
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data folder}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; }
as() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --locale=C --encoding=UTF8 >"$dir/initdb.log" 2>&1
    fi
    as "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c max_connections=200 -c shared_buffers=32MB -c deadlock_timeout=100ms" start >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
