#!/usr/bin/env bash
# sysbench: WeSQL-TS (dist/wesql) against a throwaway MariaDB on the same machine.
#
# Builds dist/wesql (npm run build; skipped when WESQL_BIN names a binary), starts MariaDB through the shared bench kit
# ($WESQL_SHARED_DIR/bench/mariadb.sh) and our binary on a free loopback port with a temporary
# datadir, prepares the same sysbench tables in both, then runs each workload x thread count
# on MariaDB and WeSQL-TS back to back (alternating, so drift on a shared machine hits both),
# writes a CSV and prints TPS, p95 and the ratio WeSQL/MariaDB per row. Both servers are
# stopped on exit (MariaDB only if this script started it).
#
# Settings (environment):
#   WESQL_SHARED_DIR=$(git rev-parse --show-toplevel)/../shared   (must hold bench/mariadb.sh, sysbench.sh)
#   WESQL_BIN=<repo>/dist/wesql (set it to measure a given binary; unset: rebuild)  WESQL_ARGS=
#   SB_TABLES=4 SB_TABLE_SIZE=10000 SB_TIME=20 SB_THREADS=1,4
#   SB_WORKLOADS=oltp_point_select,oltp_read_write   SB_EXTRA=""  (e.g. --db-ps-mode=disable)
#   MDB_PORT=3307 (MariaDB; user/password sbtest/sbtest as created by mariadb.sh)
#   BENCH_OUT=/tmp/wesql-bench-<UTC timestamp>        (CSV, summary, raw logs, server stderr)
set -euo pipefail

REPO=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
WESQL_SHARED_DIR=${WESQL_SHARED_DIR:-$REPO/../shared}
WESQL_BIN_GIVEN=${WESQL_BIN:+1}
WESQL_BIN=${WESQL_BIN:-$REPO/dist/wesql}
WESQL_ARGS=${WESQL_ARGS:-}
export SB_TABLES=${SB_TABLES:-4}
export SB_TABLE_SIZE=${SB_TABLE_SIZE:-10000}
export SB_TIME=${SB_TIME:-20}
SB_THREADS=${SB_THREADS:-1,4}
SB_WORKLOADS=${SB_WORKLOADS:-oltp_point_select,oltp_read_write}
export SB_EXTRA=${SB_EXTRA:-}
export MDB_PORT=${MDB_PORT:-3307}
BENCH_OUT=${BENCH_OUT:-${TMPDIR:-/tmp}/wesql-bench-$(date -u +%Y%m%dT%H%M%SZ)}

log() { echo "[bench $(date +%H:%M:%S)] $*" >&2; }
die() { echo "bench: $*" >&2; exit 1; }

MARIADB_SH=$WESQL_SHARED_DIR/bench/mariadb.sh
SYSBENCH_SH=$WESQL_SHARED_DIR/bench/sysbench.sh
[[ -f $MARIADB_SH && -f $SYSBENCH_SH ]] \
  || die "shared bench kit not found: $MARIADB_SH / $SYSBENCH_SH (set WESQL_SHARED_DIR)"
command -v sysbench >/dev/null || die "sysbench missing; run scripts/install-test-deps.sh"
command -v mariadb >/dev/null || die "mariadb client missing; run scripts/install-test-deps.sh"
command -v mariadbd >/dev/null || die "mariadbd missing (apt-get install mariadb-server)"

# Always rebuild the default binary (about 2 s): a stale dist/wesql would measure old code.
if [[ -z $WESQL_BIN_GIVEN ]]; then
  log "building $WESQL_BIN (npm run build)"
  (cd "$REPO" && npm run build) >&2
fi
[[ -x $WESQL_BIN ]] || die "$WESQL_BIN not found after build"
mkdir -p "$BENCH_OUT"

WESQL_PID=""
WESQL_DATADIR=""
MDB_STARTED=0
cleanup() {
  if [[ -n $WESQL_PID ]] && kill -0 "$WESQL_PID" 2>/dev/null; then
    kill -TERM "$WESQL_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$WESQL_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$WESQL_PID" 2>/dev/null || true
  fi
  [[ -n $WESQL_DATADIR ]] && rm -rf -- "$WESQL_DATADIR"
  if [[ $MDB_STARTED == 1 ]]; then bash "$MARIADB_SH" stop >&2 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# MariaDB: reuse a running instance on MDB_PORT (and leave it running), else start one.
if bash "$MARIADB_SH" status >/dev/null 2>&1; then
  log "MariaDB already running on port $MDB_PORT; it will be left running"
else
  log "starting MariaDB on port $MDB_PORT"
  MDB_STARTED=1
fi
MDB_PID=$(bash "$MARIADB_SH" start | tail -1)

# WeSQL-TS on a free port with a fresh datadir.
WESQL_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
WESQL_DATADIR=$(mktemp -d /tmp/wesql-bench.XXXXXX)
log "starting $WESQL_BIN on port $WESQL_PORT (datadir $WESQL_DATADIR)"
# shellcheck disable=SC2086
"$WESQL_BIN" --port="$WESQL_PORT" --bind-address=127.0.0.1 --datadir="$WESQL_DATADIR" $WESQL_ARGS \
  >"$BENCH_OUT/wesql.stdout" 2>"$BENCH_OUT/wesql.stderr" &
WESQL_PID=$!
for _ in $(seq 1 300); do
  grep -q "ready for connections" "$BENCH_OUT/wesql.stderr" 2>/dev/null && break
  kill -0 "$WESQL_PID" 2>/dev/null || { tail -20 "$BENCH_OUT/wesql.stderr" >&2; die "wesql exited during start-up"; }
  sleep 0.1
done
grep -q "ready for connections" "$BENCH_OUT/wesql.stderr" || die "wesql not ready after 30 s"
mariadb --no-defaults --protocol=TCP -h127.0.0.1 -P"$WESQL_PORT" -uroot --password= \
  -e "CREATE DATABASE IF NOT EXISTS sbtest" || die "cannot create sbtest on wesql"

# One sysbench.sh call for a server: name port user password pid, then KEY=VALUE overrides.
sb() {
  local name=$1 port=$2 user=$3 password=$4 pid=$5; shift 5
  SB_PORT=$port SB_USER=$user SB_PASSWORD=$password SB_SERVER_PID=$pid SB_HEADER=0 \
    SB_LOGDIR="$BENCH_OUT/$name" bash "$SYSBENCH_SH" "$@"
}
mariadb_sb() { sb mariadb "$MDB_PORT" sbtest sbtest "$MDB_PID" "$@"; }
wesql_sb() { sb wesql "$WESQL_PORT" root "" "$WESQL_PID" "$@"; }

log "preparing $SB_TABLES x $SB_TABLE_SIZE rows on both servers"
mariadb_sb SB_PREPARE=1 SB_WORKLOADS= >/dev/null
wesql_sb SB_PREPARE=1 SB_WORKLOADS= >/dev/null

CSV=$BENCH_OUT/results.csv
echo "server,workload,threads,tps,qps,p95_ms,errors,reconnects" >"$CSV"
IFS=, read -r -a WORKLOADS <<<"$SB_WORKLOADS"
IFS=, read -r -a THREADS <<<"$SB_THREADS"
for workload in "${WORKLOADS[@]}"; do
  for threads in "${THREADS[@]}"; do
    for server in mariadb wesql; do
      line=$("${server}_sb" SB_WORKLOADS="$workload" SB_THREADS="$threads" | tail -1)
      echo "$server,$line" >>"$CSV"
      log "$server $line"
    done
  done
done

# The table: one row per (workload, threads); ratio = WeSQL / MariaDB.
{
  printf "%-18s %7s | %10s %9s | %10s %9s | %9s %9s\n" workload threads "mdb tps" "mdb p95" "wesql tps" "wesql p95" "tps ratio" "p95 ratio"
  awk -F, 'NR > 1 { key = $2 "," $3; tps[$1, key] = $4; p95[$1, key] = $6; err[$1, key] = $7
                   if (!(key in seen)) { seen[key] = 1; order[++n] = key } }
    function ratio(a, b) { return (a == "" || b == "" || b + 0 == 0) ? "-" : sprintf("%.2f", a / b) }
    END { for (i = 1; i <= n; i++) { k = order[i]; split(k, part, ",")
            printf "%-18s %7s | %10s %9s | %10s %9s | %9s %9s%s\n", part[1], part[2],
              tps["mariadb", k], p95["mariadb", k], tps["wesql", k], p95["wesql", k],
              ratio(tps["wesql", k], tps["mariadb", k]), ratio(p95["wesql", k], p95["mariadb", k]),
              (err["wesql", k] != "0" ? "  (wesql errors: " err["wesql", k] ")" : "") } }' "$CSV"
} | tee "$BENCH_OUT/summary.txt"
log "CSV: $CSV (raw logs and CPU accounting under $BENCH_OUT)"
