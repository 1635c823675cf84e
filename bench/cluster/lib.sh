# shellcheck shell=bash
# The pieces of the production shape, all on loopback, for bench/cluster.sh and
# bench/faults.sh (sourced, not run): PostgreSQL (a fresh database), Redis
# (database 14), the fake Africa's Talking server, app instances under
# gunicorn, nginx (Debian's binary, a generated config with the upstream of
# deploy/nginx/layanan.conf), SMS workers and the scheduler. Every process is
# started in a process group of its own, so that one can be killed whole (an
# instance with its workers) and everything is stopped on exit.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BIN=${VENV:-$ROOT/.venv}/bin
CLUSTER=$ROOT/bench/cluster
PG=${PG:-postgresql://postgres@127.0.0.1:5432}
DB_NAME=${DB_NAME:-bench_cluster}
REDIS_DB=${REDIS_DB:-14}
WORK=$(mktemp -d /tmp/layanan-cluster.XXXXXX)
chmod 755 "$WORK"
declare -A PIDS=()   # name -> pid (each the leader of its own process group)
declare -A PORTS=()  # name -> port

# A production-like environment (not demo mode): every instance, worker and
# command of the cluster runs with it.
cluster_env() {
    export DATABASE_URL="$PG/$DB_NAME"
    export LAYANAN_SECRET_KEY
    LAYANAN_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_hex(32))')
    export LAYANAN_CALLBACK_TOKEN=${LAYANAN_CALLBACK_TOKEN:-cluster-$RANDOM$RANDOM$RANDOM}
    export LAYANAN_TRUSTED_PROXIES=1
    export LAYANAN_RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379/$REDIS_DB"
    export LAYANAN_USSD_SESSION_STORE="redis://127.0.0.1:6379/$REDIS_DB"
    export LAYANAN_USSD_REDIS_PREFIX="cluster:$$:"
    export LAYANAN_SMS_GATEWAY=africastalking LAYANAN_AT_USERNAME=cluster
    export LAYANAN_AT_API_KEY=cluster-api-key LAYANAN_AT_SENDER_ID=98765
    export LAYANAN_LOG_FORMAT=json
    unset LAYANAN_DEMO LAYANAN_DATABASE_URL PROMETHEUS_MULTIPROC_DIR
    STAFF_EMAIL=bench.officer@layanan.example.id
    STAFF_PASSWORD=cluster-$RANDOM$RANDOM-password
}

free_port() {
    "$BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

say() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# start NAME COMMAND...: run in a new process group, output to $WORK/NAME.log.
start() {
    local name=$1
    shift
    setsid "$@" >"$WORK/$name.log" 2>&1 &
    PIDS[$name]=$!
}

# stop NAME [SIGNAL]: signal the whole process group and wait for its leader.
stop() {
    local name=$1 signal=${2:-TERM} pid=${PIDS[$1]:-}
    [ -n "$pid" ] || return 0
    kill "-$signal" -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # A group whose leader is gone may keep members (gunicorn workers): wait for them.
    for _ in $(seq 1 50); do
        kill -0 -- "-$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    unset "PIDS[$name]"
}

cleanup() {
    local name
    for name in "${!PIDS[@]}"; do stop "$name"; done
    redis-cli -n "$REDIS_DB" --scan --pattern "cluster:$$:*" 2>/dev/null \
        | xargs -r redis-cli -n "$REDIS_DB" del >/dev/null 2>&1 || true
    if [ -n "${KEEP_WORK:-}" ]; then
        say "logs kept in $WORK"
    else
        rm -rf "$WORK"
    fi
}

# wait_http URL [TRIES]: until the URL answers at all (any status).
wait_http() {
    local tries=${2:-150}
    for _ in $(seq 1 "$tries"); do
        curl -s -o /dev/null --max-time 1 "$1" && return 0
        sleep 0.2
    done
    say "nothing answered at $1 (logs in $WORK)"
    return 1
}

psql_q() {
    psql "$PG/$DB_NAME" -X -A -t -q -c "$1"
}

# A fresh database, migrated and loaded with the demo data (the demo's loader
# runs in demo mode only: that one command gets LAYANAN_DEMO=1), and an
# officer account of the production kind for the back-office load.
prepare_database() {
    say "database $DB_NAME: fresh, migrated, demo data"
    psql "$PG/postgres" -X -q -c "DROP DATABASE IF EXISTS $DB_NAME WITH (FORCE)" >/dev/null
    psql "$PG/postgres" -X -q -c "CREATE DATABASE $DB_NAME" >/dev/null
    "$BIN/layanan" db upgrade >"$WORK/migrate.log" 2>&1
    LAYANAN_DEMO=1 "$BIN/layanan" demo load >"$WORK/demo-load.log" 2>&1
    "$BIN/layanan" users create-admin --email "$STAFF_EMAIL" --name "Bench Officer" \
        --password "$STAFF_PASSWORD" >>"$WORK/demo-load.log" 2>&1
    redis-cli -n "$REDIS_DB" flushdb >/dev/null
}

start_fake() {
    PORTS[fake]=$(free_port)
    start fake "$BIN/python" "$CLUSTER/fake_at.py" "${PORTS[fake]}"
    export LAYANAN_AT_BASE_URL="http://127.0.0.1:${PORTS[fake]}"
    wait_http "$LAYANAN_AT_BASE_URL/stats"
}

# start_app NAME [WORKERS]: one instance (`layanan serve`) on a port of its own.
start_app() {
    local name=$1 workers=${2:-${APP_WORKERS:-2}}
    PORTS[$name]=$(free_port)
    mkdir -p "$WORK/prometheus-$name"
    PROMETHEUS_MULTIPROC_DIR="$WORK/prometheus-$name" start "$name" "$BIN/layanan" serve \
        --host 127.0.0.1 --port "${PORTS[$name]}" --workers "$workers"
}

# restart_app NAME: the same instance again on its port (after a kill).
restart_app() {
    local name=$1
    rm -rf "$WORK/prometheus-$name" && mkdir -p "$WORK/prometheus-$name"
    PROMETHEUS_MULTIPROC_DIR="$WORK/prometheus-$name" start "$name" "$BIN/layanan" serve \
        --host 127.0.0.1 --port "${PORTS[$name]}" --workers "${APP_WORKERS:-2}"
    wait_http "http://127.0.0.1:${PORTS[$name]}/healthz"
}

# The bench's nginx: plain HTTP on a free loopback port, otherwise the shape
# of deploy/nginx/layanan.conf (upstream with keepalive, headers overwritten,
# retries on GET only, callback bodies capped and kept in memory, /metrics
# refused, static files cached).
start_nginx() {
    PORTS[nginx]=$(free_port)
    local conf=$WORK/nginx.conf servers="" gateway_servers="" name
    for name in "$@"; do
        servers+="        server 127.0.0.1:${PORTS[$name]} max_fails=3 fail_timeout=10s;"$'\n'
    done
    gateway_servers=$servers
    if [ -n "${SPLIT:-}" ] && [ "$#" = 2 ]; then
        # SPLIT=1: the first instance serves the pages, the second the gateways'
        # callbacks, each the other's backup (used only while it is down): a
        # slow page then never holds a sync worker a USSD hop waits for.
        servers="        server 127.0.0.1:${PORTS[$1]} max_fails=3 fail_timeout=10s;
        server 127.0.0.1:${PORTS[$2]} backup;"$'\n'
        gateway_servers="        server 127.0.0.1:${PORTS[$2]} max_fails=3 fail_timeout=10s;
        server 127.0.0.1:${PORTS[$1]} backup;"$'\n'
    fi
    mkdir -p "$WORK/nginx/tmp" "$WORK/nginx/cache"
    {
        [ "$(id -u)" = 0 ] && echo "user root root;"
        cat <<EOF
worker_processes auto;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    default_type application/octet-stream;
    access_log $WORK/nginx-access.log combined buffer=256k flush=2s;
    client_body_temp_path $WORK/nginx/tmp/body;
    proxy_temp_path $WORK/nginx/tmp/proxy;
    fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
    uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
    scgi_temp_path $WORK/nginx/tmp/scgi;
    proxy_cache_path $WORK/nginx/cache levels=1:2 keys_zone=layanan_static:10m max_size=50m;
    upstream layanan_app {
$servers        keepalive 32;
    }
    upstream layanan_gateways {
$gateway_servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:${PORTS[nginx]};
        client_max_body_size 9m;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host \$host;
        proxy_set_header X-Forwarded-For \$remote_addr;
        proxy_set_header X-Forwarded-Proto \$scheme;
        proxy_set_header X-Request-ID \$request_id;
        proxy_connect_timeout 2s;
        proxy_read_timeout 35s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        location /ussd {
            client_max_body_size 128k;
            client_body_buffer_size 128k;
            proxy_pass http://layanan_gateways;
        }
        location /sms/ {
            client_max_body_size 128k;
            client_body_buffer_size 128k;
            proxy_pass http://layanan_gateways;
        }
        location = /metrics { return 404; }
        location /static/ {
            proxy_cache layanan_static;
            proxy_cache_valid 200 1d;
            proxy_cache_lock on;
            proxy_pass http://layanan_app;
        }
        location / { proxy_pass http://layanan_app; }
    }
}
EOF
    } >"$conf"
    start nginx /usr/sbin/nginx -p "$WORK/nginx" -c "$conf"
    URL="http://127.0.0.1:${PORTS[nginx]}"
    wait_http "$URL/healthz"
}

start_sms_worker() {
    start "sms-worker-$1" "$BIN/layanan" sms worker --interval "${SMS_INTERVAL:-0.5}"
}

# The scheduler (`layanan jobs serve`) when this version has it.
start_scheduler() {
    if "$BIN/layanan" jobs serve --help >/dev/null 2>&1; then
        start scheduler "$BIN/layanan" jobs serve
        SCHEDULER=running
    else
        say "no 'layanan jobs serve' in this version: scheduler not started"
        SCHEDULER=absent
    fi
}

# The whole production shape: two instances behind nginx, two SMS workers,
# one scheduler, the fake gateway; a fresh database.
start_cluster() {
    cluster_env
    start_fake
    prepare_database
    say "two app instances, nginx, two SMS workers, the scheduler"
    start_app app1
    start_app app2
    wait_http "http://127.0.0.1:${PORTS[app1]}/healthz"
    wait_http "http://127.0.0.1:${PORTS[app2]}/healthz"
    start_nginx app1 app2
    start_sms_worker 1
    start_sms_worker 2
    start_scheduler
    STAFF_COOKIE=$("$BIN/python" "$CLUSTER/sign_in.py" "$URL" "$STAFF_EMAIL" "$STAFF_PASSWORD")
}

# wrk_kind KIND CONNECTIONS DURATION ARGS...: one wrk process for one kind of
# traffic, in the background; its report goes to $WORK/wrk-KIND$WRK_TAG.txt.
wrk_kind() {
    local kind=$1 connections=$2 duration=$3
    shift 3
    local threads=$connections
    # One connection per thread for SMS: each reply is then known to be the
    # answer to the thread's last id (bench/cluster/sms.lua).
    [ "$kind" != sms ] && [ "$threads" -gt 2 ] && threads=2
    wrk --latency -t"$threads" -c"$connections" -d"$duration" --timeout 10s \
        -s "$CLUSTER/$kind.lua" "$URL" -- "$@" >"$WORK/wrk-$kind${WRK_TAG:-}.txt" 2>&1 &
    WRK_PIDS+=($!)
}

# The PWA's paths: pages, two services' pages, the stylesheet by its hashed name.
pwa_paths() {
    local css ids
    css=$(curl -s "$URL/" | grep -o '/static/app\.[0-9a-f]*\.css' | head -1)
    ids=$(psql_q "SELECT id FROM services ORDER BY id LIMIT 3" | tr '\n' ' ')
    local paths="/,/katalog,/transparansi,$css"
    for id in $ids; do paths+=",/layanan/$id"; done
    echo "$paths"
}

# ussd_hop BASE_URL SESSION PHONE TEXT: one hop as the gateway posts it; prints the reply.
ussd_hop() {
    curl -s --max-time 10 -X POST "$1/ussd?token=$LAYANAN_CALLBACK_TOKEN" \
        --data-urlencode "sessionId=$2" --data-urlencode "phoneNumber=$3" \
        --data-urlencode "text=$4" --data-urlencode "serviceCode=*123#" -d networkCode=99999
}

# sms_in BASE_URL ID PHONE TEXT: one inbound SMS as the gateway posts it; prints the status.
sms_in() {
    curl -s --max-time 10 -o /dev/null -w '%{http_code}' -X POST \
        "$1/sms/inbound?token=$LAYANAN_CALLBACK_TOKEN" --data-urlencode "id=$2" \
        --data-urlencode "from=$3" --data-urlencode "text=$4" -d to=98765 \
        --data-urlencode "date=$(date -u '+%Y-%m-%d %H:%M:%S')"
}

# What the proxy shape promises, checked once: /metrics answers an instance's
# loopback but not through nginx; the request id nginx made (not the one the
# client sent) comes back; the
# callbacks refuse a wrong token; static files come from nginx's cache.
shape_checks() {
    local metrics proxied request_id token css cached
    metrics=$(curl -s "http://127.0.0.1:${PORTS[app1]}/metrics" | grep -c '^layanan_' || true)
    proxied=$(curl -s -o /dev/null -w '%{http_code}' "$URL/metrics")
    request_id=$(curl -s -D - -o /dev/null -H 'X-Request-ID: client-chosen-id' "$URL/healthz" | grep -ci '^x-request-id: [0-9a-f]\{32\}' || true)
    token=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/ussd?token=wrong" -d text=)
    css=$(curl -s "$URL/" | grep -o '/static/app\.[0-9a-f]*\.css' | head -1)
    curl -s -o /dev/null "$URL$css"
    cached=$(curl -s -D - -o /dev/null "$URL$css" | grep -ci '^cache-control:.*immutable' || true)
    echo "shape: /metrics on an instance: $metrics layanan_ lines; through nginx: $proxied;" \
        "X-Request-ID from nginx: $([ "$request_id" = 1 ] && echo yes || echo no);" \
        "wrong callback token: $token; static file immutable: $([ "$cached" = 1 ] && echo yes || echo no)"
}
