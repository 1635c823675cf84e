#!/usr/bin/env bash
# Faults on the production shape (bench/cluster/lib.sh: nginx, two app
# instances, PostgreSQL, Redis, two SMS workers, the scheduler, the fake
# Africa's Talking server), each scripted and asserted; exits non-zero when an
# assertion fails, and prints a table of the figures.
#
#   instance  one app instance SIGKILLed (with its workers) mid-load: USSD
#             sessions carry on through the other via nginx; only the requests
#             in flight may fail, and none from 2 s after the kill
#   worker    an SMS worker SIGKILLed mid-send (the fake gateway slowed to
#             0.2 s a message): nothing lost, every message ends sent once its
#             claim lease runs out; messages the gateway took twice are counted
#             (at most one per kill: the message in flight)
#   gateway   the gateway answering HTTP 500 for GATEWAY_DOWN seconds while
#             replies queue for 20 phones, 3 each: everything is delivered
#             after, in the outbox's order per phone
#   redis     Redis shut down for 8 s mid-load, then started again: the PWA
#             keeps serving (no 5xx) and an officer can sign in (the sign-in
#             form's rate limit counts in Redis); what USSD answered meanwhile
#             (its sessions live in Redis: a polite END) is reported; USSD works
#             again after
#   database  PostgreSQL restarted mid-load: USSD never answers a 5xx (a polite
#             END instead), every inbound SMS answered 200 is stored
#
# The outbox's waits (30 s and more of backoff, a 5-minute claim lease) are
# run on a simulated clock: the rows' next_attempt_at is moved back by the
# time that would have passed, instead of waiting it out.
#
#   bench/faults.sh                        # every scenario but database
#   bench/faults.sh instance worker        # some of them
#   bench/faults.sh database               # restarts the machine's PostgreSQL
#   KEEP_WORK=1 bench/faults.sh            # keep logs
# The redis and database scenarios restart the machine's servers: run them
# when nothing else uses these servers.
set -euo pipefail

SCENARIOS=${*:-instance worker gateway redis}
GATEWAY_DOWN=${GATEWAY_DOWN:-15}
# How the database is restarted (PG_RESTART=true runs the scenario without the fault).
PG_RESTART=${PG_RESTART:-pg_ctlcluster --skip-systemctl-redirect 15 main restart}
export DB_NAME=${DB_NAME:-bench_faults}
source "$(dirname "$0")/cluster/lib.sh"
trap cleanup EXIT

ROWS=()
FAILED=0

# verdict NAME CONDITION FIGURES: one row of the table; a false condition fails the run.
verdict() {
    local ok=PASS
    if ! "$BIN/python" -c "import sys; sys.exit(0 if ($2) else 1)"; then
        ok=FAIL
        FAILED=1
    fi
    ROWS+=("$(printf '%-9s %-5s %s' "$1" "$ok" "$3")")
    say "$1: $ok  $3"
}

wrk_json() { "$BIN/python" "$CLUSTER/report.py" wrk "$WORK/wrk-$1.txt"; }
field() { "$BIN/python" -c "import json, sys; print(json.loads(sys.argv[1])$2)" "$1"; }
pending() { psql_q "SELECT count(*) FROM outbound_messages WHERE status IN ('queued', 'sending') $1"; }

scenario_instance() {
    local session=fault-kill-$$ control=fault-control-$$ phone=+6281400000001 kill_at
    # A session begun on app1 itself, continued through nginx once app1 is gone.
    ussd_hop "http://127.0.0.1:${PORTS[app1]}" "$session" "$phone" "" >/dev/null
    ussd_hop "http://127.0.0.1:${PORTS[app1]}" "$session" "$phone" "5" >/dev/null
    WRK_PIDS=() WRK_TAG=-instance
    wrk_kind ussd 8 15s "$LAYANAN_CALLBACK_TOKEN" 41
    wrk_kind pwa 2 15s "$PWA_PATHS"
    sleep 5
    kill_at=$(date +%s)
    stop app1 KILL
    sleep 1
    local carried expected
    carried=$(ussd_hop "$URL" "$session" "$phone" "5*1")
    ussd_hop "http://127.0.0.1:${PORTS[app2]}" "$control" +6281400000002 "" >/dev/null
    ussd_hop "http://127.0.0.1:${PORTS[app2]}" "$control" +6281400000002 "5" >/dev/null
    expected=$(ussd_hop "http://127.0.0.1:${PORTS[app2]}" "$control" +6281400000002 "5*1")
    wait "${WRK_PIDS[@]}"
    sleep 3  # nginx flushes its access log every 2 s
    local ussd pwa late failed carried_ok=False
    [ "$carried" = "$expected" ] && [ "${carried:0:4}" = "CON " ] && carried_ok=True
    ussd=$(wrk_json ussd-instance) pwa=$(wrk_json pwa-instance)
    late=$("$BIN/python" "$CLUSTER/check.py" after "$WORK/nginx-access.log" $((kill_at + 2)) /)
    failed=$(( $(field "$ussd" "['non_ok']") + $(field "$ussd" "['sockets']") \
             + $(field "$pwa" "['non_ok']") + $(field "$pwa" "['sockets']") ))
    verdict instance "$failed <= 10 and $(field "$late" "['5xx_after']") == 0 and $carried_ok" \
        "requests $(( $(field "$ussd" "['requests']") + $(field "$pwa" "['requests']") )),\
 failed $failed (in flight at the kill: at most 10 connections), 5xx from kill+2s:\
 $(field "$late" "['5xx_after']"), session begun on the killed instance carried on: $carried_ok"
    restart_app app1
}

scenario_worker() {
    curl -s -X POST "$LAYANAN_AT_BASE_URL/control/latency?seconds=0.2" >/dev/null
    WRK_PIDS=() WRK_TAG=-worker
    wrk_kind sms 4 8s "$LAYANAN_CALLBACK_TOKEN" 42
    sleep 4
    stop sms-worker-1 KILL
    wait "${WRK_PIDS[@]}"
    curl -s -X POST "$LAYANAN_AT_BASE_URL/control/latency?seconds=0" >/dev/null
    start_sms_worker 1
    # The live workers drain the queue; what stays "sending" is the killed
    # worker's claim, held until its lease runs out.
    local orphans=0 previous=-1
    for _ in $(seq 1 120); do
        orphans=$(pending "AND next_attempt_at > now() + interval '1 minute'")
        [ "$(pending "")" = "$orphans" ] && [ "$orphans" = "$previous" ] && break
        previous=$orphans
        sleep 1
    done
    # Simulated clock: the 5-minute claim lease has passed.
    psql_q "UPDATE outbound_messages SET next_attempt_at = next_attempt_at - interval '6 minutes'
            WHERE status = 'sending'" >/dev/null
    for _ in $(seq 1 60); do [ "$(pending "")" = 0 ] && break; sleep 1; done
    local box
    box=$("$BIN/python" "$CLUSTER/check.py" outbox "$DATABASE_URL" "$LAYANAN_AT_BASE_URL")
    verdict worker "$(pending "") == 0 and $(field "$box" ".get('statuses').get('failed', 0)") == 0\
 and $(field "$box" "['duplicates']") <= 1 and $(field "$box" "['sent_but_not_at_gateway']") == 0" \
        "outbox $(field "$box" "['statuses']"), claimed by the killed worker: $orphans,\
 gateway took $(field "$box" "['accepted']"), duplicates $(field "$box" "['duplicates']")"
}

scenario_gateway() {
    local prefix=+62815 round phone status refused=0
    curl -s -X POST "$LAYANAN_AT_BASE_URL/control/fail?seconds=$GATEWAY_DOWN" >/dev/null
    local down_until=$(( $(date +%s) + GATEWAY_DOWN ))
    for round in 1 2 3; do
        for phone in $(seq 10 29); do
            status=$(sms_in "$URL" "ATPid_cluster_gw_${round}_$phone" "${prefix}0000$phone" BANTUAN)
            [ "$status" = 200 ] || refused=$((refused + 1))
        done
        sleep 3
    done
    while [ "$(date +%s)" -le "$down_until" ]; do sleep 1; done
    # Simulated clock: an hour passes at a time (the backoff's cap) until all is sent.
    for _ in $(seq 1 30); do
        [ "$(pending "AND phone LIKE '$prefix%'")" = 0 ] && break
        psql_q "UPDATE outbound_messages SET next_attempt_at = next_attempt_at - interval '1 hour'
                WHERE status = 'queued' AND phone LIKE '$prefix%'" >/dev/null
        sleep 2
    done
    local order sent failed
    order=$("$BIN/python" "$CLUSTER/check.py" order "$DATABASE_URL" "$LAYANAN_AT_BASE_URL" "$prefix")
    sent=$(psql_q "SELECT count(*) FROM outbound_messages WHERE phone LIKE '$prefix%' AND status = 'sent'")
    failed=$(psql_q "SELECT count(*) FROM outbound_messages WHERE phone LIKE '$prefix%' AND status <> 'sent'")
    verdict gateway "$refused == 0 and $sent == 60 and $failed == 0 and \
        $(field "$order" "['out_of_order_phones']") == 0" \
        "down ${GATEWAY_DOWN}s, gateway refused $(curl -s "$LAYANAN_AT_BASE_URL/stats" \
        | "$BIN/python" -c 'import json,sys; print(json.load(sys.stdin)["refused"])') sends;\
 60 replies to 20 phones: sent $sent, other $failed; phones out of order\
 $(field "$order" "['out_of_order_phones']") $(field "$order" "['examples']")"
}

scenario_redis() {
    WRK_PIDS=() WRK_TAG=-redis
    wrk_kind ussd 6 20s "$LAYANAN_CALLBACK_TOKEN" 43
    wrk_kind pwa 3 20s "$PWA_PATHS"
    sleep 5
    redis-cli shutdown nosave >/dev/null 2>&1 || true
    sleep 2
    local hop ready login
    hop=$(ussd_hop "$URL" "fault-redis-$$" +6281400000003 "")
    ready=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PORTS[app1]}/readyz")
    # The staff sign-in form counts failures in Redis (Flask-Limiter).
    login=$("$BIN/python" "$CLUSTER/sign_in.py" "$URL" "$STAFF_EMAIL" "$STAFF_PASSWORD" 2>&1 \
        >/dev/null || true)
    sleep 6
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log
    wait "${WRK_PIDS[@]}"
    sleep 1
    local ussd pwa after after_ok=False
    ussd=$(wrk_json ussd-redis) pwa=$(wrk_json pwa-redis)
    after=$(ussd_hop "$URL" "fault-redis-after-$$" +6281400000004 "")
    [ "${after:0:4}" = "CON " ] && after_ok=True
    local login_ok=False
    [ -z "$login" ] && login_ok=True
    verdict redis "$(field "$pwa" "['non_ok']") + $(field "$pwa" "['sockets']") == 0 and $after_ok\
 and $login_ok" \
        "PWA $(field "$pwa" "['requests']") requests, non-2xx $(field "$pwa" "['non_ok']");\
 USSD $(field "$ussd" "['requests']") hops, non-2xx $(field "$ussd" "['non_ok']"),\
 polite END $(field "$ussd" "['trouble']"); while down: first hop '${hop:0:30}',\
 /readyz $ready, staff sign-in (rate-limited) ${login:-signed in}; after restart: USSD CON $after_ok"
}

scenario_database() {
    # shellcheck disable=SC2034  # read by wrk_kind (lib.sh)
    WRK_PIDS=() WRK_TAG=-database
    local begun
    begun=$(date +%s)
    rm -f "$WORK"/sms-ids-*
    wrk_kind ussd 8 20s "$LAYANAN_CALLBACK_TOKEN" 44
    wrk_kind sms 4 20s "$LAYANAN_CALLBACK_TOKEN" 45 "$WORK/sms-ids"
    sleep 6
    say "restarting PostgreSQL: $PG_RESTART"
    $PG_RESTART
    wait "${WRK_PIDS[@]}"
    sleep 3
    local ussd sms stored late tries=0 after=""
    ussd=$(wrk_json ussd-database) sms=$(wrk_json sms-database)
    stored=$("$BIN/python" "$CLUSTER/check.py" stored "$DATABASE_URL" "$WORK"/sms-ids-*.ok)
    late=$("$BIN/python" "$CLUSTER/check.py" after "$WORK/nginx-access.log" "$begun" /ussd)
    while [ "$tries" -lt 10 ] && [ "${after:0:4}" != "CON " ]; do
        tries=$((tries + 1))
        after=$(ussd_hop "$URL" "fault-db-after-$$-$tries" +6281400000005 "")
    done
    verdict database "$(field "$ussd" "['non_ok']") == 0 and $(field "$late" "['5xx_after']") == 0\
 and $(field "$stored" "['missing']") == 0 and '${after:0:4}' == 'CON '" \
        "USSD $(field "$ussd" "['requests']") hops, 5xx $(field "$late" "['5xx_after']"),\
 polite END $(field "$ussd" "['trouble']"); SMS answered 200: $(field "$stored" "['answered_200']"),\
 not stored $(field "$stored" "['missing']"), non-200 $(field "$sms" "['non_ok']");\
 USSD answered CON again after $tries hop(s)"
}

start_cluster
PWA_PATHS=$(pwa_paths)
for scenario in $SCENARIOS; do
    say "scenario: $scenario"
    "scenario_$scenario"
done
printf '\n%-9s %-5s %s\n' scenario check figures
printf '%s\n' "${ROWS[@]}"
exit "$FAILED"
