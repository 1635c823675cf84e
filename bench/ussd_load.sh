#!/usr/bin/env bash
# Load test of the USSD callback: wrk against POST /ussd under `layanan serve
# --workers 2` (demo mode, a fresh SQLite database, migrated and loaded with
# the demo data), twice: with the session store's short path at the database
# driver (LAYANAN_USSD_DRIVER_SQL=1, the default) and without it (=0, every
# statement through SQLAlchemy). Both are measured against one bare Flask app
# on the same gunicorn settings that answers a constant "CON " screen. Each
# round runs the three in turn (driver, sqlalchemy, bare) so that all see the
# same machine; prints requests/s, p50 and p99 of every run, their medians,
# and the ratio of each path's throughput to the bare app's.
#
#   bench/ussd_load.sh                 # 3 rounds of 10 s, 20 connections, 2 threads
#   ROUNDS=5 DURATION=20s CONNECTIONS=50 bench/ussd_load.sh
#   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/bench_ussd bench/ussd_load.sh
#   BENCH_SESSION_STORE=redis://127.0.0.1:6379/0 bench/ussd_load.sh   # sessions in Redis
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${VENV:-$ROOT/.venv}/bin
ROUNDS=${ROUNDS:-3}
# The two paths share the database: wrk's round number picks the phones
# (bench/ussd_load.lua, round % 10), so the short path takes rounds 1..5 and
# the other 6..10, and no phone is offered to resume another path's journey.
if [ "$ROUNDS" -gt 5 ]; then
    echo "ROUNDS is at most 5 (the phones of more rounds would repeat)." >&2
    exit 1
fi
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-20}
THREADS=${THREADS:-2}

if ! command -v wrk >/dev/null; then
    echo "wrk is not installed. On Debian or Ubuntu: sudo apt-get install -y wrk" >&2
    exit 1
fi
for tool in layanan gunicorn python; do
    [ -x "$BIN/$tool" ] || { echo "$BIN/$tool is missing: run 'make setup' first." >&2; exit 1; }
done

WORK=$(mktemp -d)
PIDS=()
cleanup() {
    for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
    "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_for() {  # port, pid
    for _ in $(seq 1 150); do
        kill -0 "$2" 2>/dev/null || { echo "server on port $1 exited; log in $WORK" >&2; exit 1; }
        if "$BIN/python" -c "import urllib.request as u; u.urlopen(u.Request('http://127.0.0.1:$1/ussd', data=b'sessionId=probe&phoneNumber=%2B6281234500001&text='), timeout=1)" 2>/dev/null; then
            return
        fi
        sleep 0.2
    done
    echo "nothing answered on port $1" >&2
    exit 1
}

# BENCH_DATABASE_URL runs the app on another database (a scratch PostgreSQL
# database, say), which gets the demo data too.
export LAYANAN_DEMO=1 DATABASE_URL="${BENCH_DATABASE_URL:-sqlite:///$WORK/bench.db}"
unset LAYANAN_CALLBACK_TOKEN LAYANAN_DATABASE_URL LAYANAN_USSD_DRIVER_SQL
# BENCH_SESSION_STORE keeps the USSD sessions in Redis (a redis:// URL), under keys of this run.
export LAYANAN_USSD_SESSION_STORE="${BENCH_SESSION_STORE:-database}" LAYANAN_USSD_REDIS_PREFIX="bench:$$:"
echo "Preparing ${DATABASE_URL%%:*} with the demo data; USSD sessions in: ${LAYANAN_USSD_SESSION_STORE%%:*}"
"$BIN/layanan" db upgrade >/dev/null
"$BIN/layanan" demo load >/dev/null

# The app twice, on the same database: USSD_DRIVER_SQL on, and off.
DRIVER_PORT=$(free_port)
LAYANAN_USSD_DRIVER_SQL=1 "$BIN/layanan" serve --host 127.0.0.1 --port "$DRIVER_PORT" \
    --workers 2 >"$WORK/driver.log" 2>&1 &
PIDS+=($!)
wait_for "$DRIVER_PORT" "${PIDS[-1]}"

SQLALCHEMY_PORT=$(free_port)
LAYANAN_USSD_DRIVER_SQL=0 "$BIN/layanan" serve --host 127.0.0.1 --port "$SQLALCHEMY_PORT" \
    --workers 2 >"$WORK/sqlalchemy.log" 2>&1 &
PIDS+=($!)
wait_for "$SQLALCHEMY_PORT" "${PIDS[-1]}"

BARE_PORT=$(free_port)
# The settings of `layanan serve` (layanan/server.py): 2 sync workers, access log, timeout 30.
"$BIN/gunicorn" --workers 2 --bind "127.0.0.1:$BARE_PORT" --access-logfile - --timeout 30 \
    --chdir "$ROOT/bench" bare_ussd:app >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
wait_for "$BARE_PORT" "${PIDS[-1]}"

echo "wrk: $ROUNDS rounds x $DURATION each, $CONNECTIONS connections, $THREADS threads"
for round in $(seq 1 "$ROUNDS"); do
    for target in driver sqlalchemy bare; do
        case $target in
            driver) port=$DRIVER_PORT phones=$round ;;
            sqlalchemy) port=$SQLALCHEMY_PORT phones=$((round + 5)) ;;
            bare) port=$BARE_PORT phones=$round ;;
        esac
        wrk --latency -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$ROOT/bench/ussd_load.lua" \
            "http://127.0.0.1:$port" -- "$phones" >"$WORK/$target-$round.txt"
        echo "  round $round $target done"
    done
done

"$BIN/python" - "$WORK" "$ROUNDS" <<'PY'
"""Read wrk's reports and print the figures."""
import re
import statistics
import sys
from pathlib import Path

work, rounds = Path(sys.argv[1]), int(sys.argv[2])
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def latency(report, percent):
    value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", report, re.M).groups()
    return float(value) * UNITS[unit]


def figures(name, number):
    report = (work / f"{name}-{number}.txt").read_text()
    bad = int(re.search(r"Bad replies: (\d+)", report).group(1))
    errors = re.search(r"Socket errors: (.*)", report)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
            "p50": latency(report, 50), "p99": latency(report, 99),
            "bad": bad + (int(non_2xx.group(1)) if non_2xx else 0),
            "errors": errors.group(1) if errors else "none"}


# Each run's name in the summary: which path served the hops.
LABELS = {"driver": "app, USSD_DRIVER_SQL on (short path at the driver)",
          "sqlalchemy": "app, USSD_DRIVER_SQL off (SQLAlchemy only)",
          "bare": "bare Flask app"}
runs = {name: [figures(name, n) for n in range(1, rounds + 1)] for name in LABELS}
print(f"\n{'run':<15}{'requests/s':>12}{'p50 ms':>9}{'p99 ms':>9}{'bad':>6}  socket errors")
for number in range(rounds):
    for name in LABELS:
        run = runs[name][number]
        print(f"{name:<10} #{number + 1:<3}{run['rps']:>12.0f}{run['p50']:>9.2f}{run['p99']:>9.2f}"
              f"{run['bad']:>6}  {run['errors']}")
median = {name: {key: statistics.median(run[key] for run in runs[name])
                 for key in ("rps", "p50", "p99")} for name in runs}
print()
for name, label in LABELS.items():
    m = median[name]
    print(f"median {label:<52} {m['rps']:>6.0f} requests/s   p50 {m['p50']:.2f} ms"
          f"   p99 {m['p99']:.2f} ms")
print()
for name in ("driver", "sqlalchemy"):
    ratio = median[name]["rps"] / median["bare"]["rps"]
    ok = median[name]["p99"] < 50 and ratio >= 0.5
    print(f"{LABELS[name]}: {ratio:.2f} of the bare throughput; target (p99 < 50 ms, at least"
          f" half the bare throughput) {'met' if ok else 'NOT met'}")
PY
