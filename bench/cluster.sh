#!/usr/bin/env bash
# The production shape on one machine, under a mixed load (issue 14).
#
# Starts, all on loopback: nginx (Debian's) in front of two app instances
# (`layanan serve --workers 2` on two ports, standing in for two hosts; not demo
# mode: a real secret key, a callback token, TRUSTED_PROXIES=1, rate limits
# and USSD sessions in Redis, the Africa's Talking gateway), PostgreSQL (a fresh
# database bench_cluster, migrated, with the demo data), Redis, two SMS
# workers, the scheduler and a fake Africa's Talking server
# (bench/cluster/fake_at.py). Then four wrk processes at once, one per kind of
# traffic, with connections in proportion 60/20/15/5:
#   USSD         multi-hop sessions, POST /ussd?token=...      (bench/cluster/ussd.lua)
#   SMS          inbound messages, POST /sms/inbound?token=... (sms.lua)
#   PWA          /, /katalog, /layanan/<id>, /transparansi, a static file (pwa.lua)
#   back office  a signed-in officer's queue and overdue list  (staff.lua)
# and prints per kind: requests/s, share, p50, p99, non-2xx/3xx, socket errors,
# bad replies; the app instances' CPU (from /proc, their process trees) and
# USSD hops/s per app core; the outbox after the workers drained it.
#
#   bench/cluster.sh                          # 30 s, 8 connections
#   DURATION=60 CONNECTIONS=40 bench/cluster.sh
#   LOADS="4 8 12 20" bench/cluster.sh        # one run per total, on one cluster
#   MIX="100 0 0 0" bench/cluster.sh          # USSD alone (percent: USSD SMS PWA back office)
#   SPLIT=1 bench/cluster.sh                  # one instance for pages, one for the callbacks
#   KEEP_WORK=1 bench/cluster.sh              # keep logs and configs
# Needs: nginx and wrk (apt-get install -y nginx wrk), PostgreSQL on
# 127.0.0.1:5432 (user postgres, no password), Redis on 127.0.0.1:6379 (db 14).
set -euo pipefail

DURATION=${DURATION:-30}
CONNECTIONS=${CONNECTIONS:-8}
for tool in wrk nginx psql redis-cli curl; do
    command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || {
        echo "$tool is missing: apt-get install -y nginx wrk postgresql-client redis-tools curl" >&2
        exit 1
    }
done

source "$(dirname "$0")/cluster/lib.sh"
trap cleanup EXIT
start_cluster

# Connections per kind: MIX percent of the total (USSD SMS PWA back office),
# at least one for a kind with a share; MIX="100 0 0 0" is USSD alone.
read -r MIX_USSD MIX_SMS MIX_PWA MIX_STAFF <<<"${MIX:-60 20 15 5}"
share() {
    local n=$(($1 * $2 / 100))
    [ "$2" = 0 ] && { echo 0; return; }
    echo $((n > 0 ? n : 1))
}
PWA_PATHS=$(pwa_paths)
APPS="${PIDS[app1]} ${PIDS[app2]}"
# The database's server processes that serve this cluster's connections.
pg_backends() { psql_q "SELECT pid FROM pg_stat_activity WHERE datname = '$DB_NAME'"; }
echo "scheduler: $SCHEDULER; nginx on $URL; app instances on ports ${PORTS[app1]} and ${PORTS[app2]}"
shape_checks

# run_load CONNECTIONS: the four wrk processes at once for DURATION seconds,
# then the outbox drained, then the figures.
run_load() {
    local total=$1 ussd sms pwa staff round before machine_before app_cpu machine own own_before
    ussd=$(share "$total" "$MIX_USSD") sms=$(share "$total" "$MIX_SMS")
    pwa=$(share "$total" "$MIX_PWA") staff=$(share "$total" "$MIX_STAFF")
    round=$(( ($(date +%s) + total) % 100 ))
    say "load: ${DURATION}s; connections USSD $ussd, SMS $sms, PWA $pwa, back office $staff"
    # shellcheck disable=SC2046,SC2086
    before=$("$BIN/python" "$CLUSTER/report.py" cpu $APPS)
    # shellcheck disable=SC2046
    own_before=$("$BIN/python" "$CLUSTER/report.py" cpu $$ $(pg_backends))
    machine_before=$("$BIN/python" "$CLUSTER/report.py" machine)
    WRK_PIDS=()
    rm -f "$WORK"/wrk-*.txt
    [ "$ussd" = 0 ] || wrk_kind ussd "$ussd" "${DURATION}s" "$LAYANAN_CALLBACK_TOKEN" "$round"
    [ "$sms" = 0 ] || wrk_kind sms "$sms" "${DURATION}s" "$LAYANAN_CALLBACK_TOKEN" "$round"
    [ "$pwa" = 0 ] || wrk_kind pwa "$pwa" "${DURATION}s" "$PWA_PATHS"
    [ "$staff" = 0 ] || wrk_kind staff "$staff" "${DURATION}s" "$STAFF_COOKIE" \
        "/staff/,/staff/terlambat"
    wait "${WRK_PIDS[@]}"
    # shellcheck disable=SC2046,SC2086
    app_cpu=$("$BIN/python" -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' \
        "$before" "$("$BIN/python" "$CLUSTER/report.py" cpu $APPS)")
    machine=$("$BIN/python" -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' \
        "$machine_before" "$("$BIN/python" "$CLUSTER/report.py" machine)")
    # shellcheck disable=SC2046,SC2086
    own=$("$BIN/python" -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' \
        "$own_before" "$("$BIN/python" "$CLUSTER/report.py" cpu $$ $(pg_backends))")
    # Let the SMS workers drain what the load queued (up to a minute).
    for _ in $(seq 1 60); do
        [ "$(psql_q "SELECT count(*) FROM outbound_messages
                     WHERE status IN ('queued', 'sending')")" = 0 ] && break
        sleep 1
    done
    echo
    echo "== $total connections (USSD $ussd, SMS $sms, PWA $pwa, back office $staff)"
    "$BIN/python" "$CLUSTER/report.py" summary "$WORK" "$DURATION" "$app_cpu" "$machine" \
        "$DATABASE_URL" "$LAYANAN_AT_BASE_URL" "$own"
    [ -z "${KEEP_WORK:-}" ] || cp "$WORK/figures.json" "$WORK/figures-$total.json"
}

for load in ${LOADS:-$CONNECTIONS}; do
    run_load "$load"
done
