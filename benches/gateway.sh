#!/usr/bin/env bash
# Gateway benchmark: casegate against nginx `proxy_pass`, both in front of the same static upstream
# (nginx serving a ~20 KB Redmine issue taken from the sample API's /big.json), on loopback.
#
#   benches/gateway.sh                      # wrk -t2 -c64 -d15s --latency, every target
#   DURATION=30s CONNS=128 benches/gateway.sh
#   KEEP=1 benches/gateway.sh               # keep the work folder (configs, logs, audit)
#   DECISION_CACHE=0 benches/gateway.sh     # vendor row: every response scanned (no decision cache)
#
# Rows: `upstream direct` (the static upstream itself), `nginx proxy_pass`, `casegate internal`
# (authenticated pass-through), `casegate vendor` (authenticated, scope check, private journals
# and "Internal cost" dropped, scan + redact of every string, Content-Length recomputed).
# Goals: internal req/s >= nginx proxy; vendor req/s >= half of nginx proxy with p99 added latency
# (vendor p99 - nginx proxy p99) < 5 ms at 64 connections. Each row also reports the serving
# process's CPU time per request and peak RSS (VmHWM, reset through /proc/PID/clear_refs before the
# run). On a shared machine, CPU per request is the figure to trust; req/s and latency move with load.
#
# Before measuring, every target is checked with curl (internal: byte-identical to the upstream
# file; vendor: valid JSON, 27 of 30 journals, no planted value left), and a row whose wrk run saw
# socket errors or non-2xx responses is marked FAILED, so a fast-but-wrong gateway cannot look good.
#
# Needs: cargo, curl, python3; installs wrk and nginx (nginx-light) with apt-get when missing.
# Everything runs as the current user: nginx gets its own prefix, pid, logs and temp paths in a
# temporary folder; ports are picked free on 127.0.0.1.
set -euo pipefail

DURATION=${DURATION:-15s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-3s}
# Bytes of vendor decisions kept for repeated bodies; 0 scans every response (the cost of a
# body the gateway has not seen, which is what the vendor row measures with DECISION_CACHE=0).
DECISION_CACHE=${DECISION_CACHE:-33554432}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CASEGATE=$ROOT/target/release/casegate
SAMPLE_API=$ROOT/target/release/examples/sample_api
INTERNAL_TOKEN=bench-internal-token
VENDOR_TOKEN=bench-vendor-token
SERVICE_KEY=bench-service-key

WORK=$(mktemp -d "${TMPDIR:-/tmp}/casegate-bench.XXXXXX")
# nginx workers started by root run as `nobody` and must read the document root.
chmod 755 "$WORK"
PIDS=()
NGINX_CONFS=()

cleanup() {
    local pid conf
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for conf in "${NGINX_CONFS[@]}"; do nginx -p "$WORK" -c "$conf" -e "$WORK/nginx-stop.log" -s quit 2>/dev/null || true; done
    if [[ ${KEEP:-0} == 1 ]]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

die() { echo "gateway.sh: $*" >&2; exit 1; }
log() { echo "== $*" >&2; }

install_tools() {
    local missing=()
    command -v wrk >/dev/null || missing+=(wrk)
    command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
    [[ ${#missing[@]} == 0 ]] && return
    log "installing ${missing[*]}"
    local sudo=; [[ $(id -u) == 0 ]] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something accepts on 127.0.0.1:PORT (10 s at most).
wait_port() {
    local i
    for i in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    die "nothing listens on 127.0.0.1:$1"
}

build() {
    log "cargo build --release --bin casegate --example sample_api"
    (cd "$ROOT" && cargo build --release --quiet --bin casegate --example sample_api) || die "build failed"
    "$CASEGATE" serve --help >/dev/null || die "this casegate has no working \`serve\` command"
}

# The ~20 KB issue, straight from the sample API, as the static upstream's document.
fetch_big_issue() {
    local port out=$WORK/sample-api.out
    port=$(free_port)
    REDMINE_API_KEY=$SERVICE_KEY "$SAMPLE_API" "127.0.0.1:$port" >"$out" 2>&1 &
    local pid=$!
    wait_port "$port"
    mkdir -p "$WORK/www/issues"
    curl -fsS -H "X-Redmine-API-Key: $SERVICE_KEY" "http://127.0.0.1:$port/big.json" -o "$WORK/www/issues/1001.json"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    chmod -R a+rX "$WORK/www"
    BIG_BYTES=$(stat -c %s "$WORK/www/issues/1001.json")
}

# nginx_conf NAME SERVER-BLOCK: a complete nginx.conf with every path under $WORK.
nginx_conf() {
    local name=$1 server=$2
    mkdir -p "$WORK/$name-tmp"
    cat >"$WORK/$name.conf" <<EOF
worker_processes auto;
pid $WORK/$name.pid;
error_log $WORK/$name-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/$name-tmp/body;
    proxy_temp_path $WORK/$name-tmp/proxy;
    fastcgi_temp_path $WORK/$name-tmp/fastcgi;
    uwsgi_temp_path $WORK/$name-tmp/uwsgi;
    scgi_temp_path $WORK/$name-tmp/scgi;
    types { application/json json; }
    default_type application/octet-stream;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
$server
}
EOF
    chmod -R a+rwX "$WORK/$name-tmp"
}

start_nginx() {
    local name=$1 port=$2
    NGINX_CONFS+=("$WORK/$name.conf")
    echo "nginx -p $WORK -c $WORK/$name.conf -e $WORK/$name-error.log" >>"$WORK/commands"
    nginx -p "$WORK" -c "$WORK/$name.conf" -e "$WORK/$name-error.log" || die "nginx $name did not start (see $WORK/$name-error.log)"
    wait_port "$port"
}

start_upstream() {
    UP_PORT=$(free_port)
    nginx_conf upstream "    server {
        listen 127.0.0.1:$UP_PORT;
        root $WORK/www;
        location / { try_files \$uri =404; }
    }"
    start_nginx upstream "$UP_PORT"
}

start_nginx_proxy() {
    NGINX_PORT=$(free_port)
    nginx_conf proxy "    upstream static_upstream { server 127.0.0.1:$UP_PORT; keepalive 128; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://static_upstream;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }
    }"
    start_nginx proxy "$NGINX_PORT"
}

casegate_conf() {
    CG_PORT=$(free_port)
    CG_ADMIN_PORT=$(free_port)
    cat >"$WORK/casegate.toml" <<EOF
# Generated by benches/gateway.sh. The static upstream knows no users, so the vendor's case
# comes from its static assignment (no lookups, no scope rule).
[server]
listen = "127.0.0.1:$CG_PORT"
admin_listen = "127.0.0.1:$CG_ADMIN_PORT"
max_connections = 4096

[upstream]
url = "http://127.0.0.1:$UP_PORT"
strip_request_headers = ["authorization", "cookie", "x-redmine-api-key", "x-redmine-switch-user"]
strip_query_params = ["key"]

[upstream.credentials.service]
headers = { "X-Redmine-API-Key" = "$SERVICE_KEY" }

[scan]
unscannable = "block"
decision_cache = $DECISION_CACHE

[audit]
path = "$WORK/audit.jsonl"
key = "bench-audit-hmac-key-0123456789"

[[principals]]
name = "bench-internal"
kind = "internal"
token = "$INTERNAL_TOKEN"
credential = "service"

[[principals]]
name = "bench-vendor"
kind = "vendor"
vendor = "acme"
tier = 2
role = "vendor-agent"
token = "$VENDOR_TOKEN"
credential = "service"
cases = [{ id = "1001" }]

[scope]
case = "\$.issue"

[[roles]]
name = "vendor-agent"
routes = [{ route = "GET /issues/{case}.json", kind = "case" }]

[content]
drop = [
  "\$.issue.journals[?@.private_notes == true]",
  "\$..custom_fields[?@.name == 'Internal cost']",
]

[[actions]]
category = "pci"
action = "redact"
redaction = "keep_last:4"

[[actions]]
category = "secret"
action = "block"

[[actions]]
category = "*"
action = "redact"
redaction = "label"
EOF
    "$CASEGATE" check-config "$WORK/casegate.toml" >&2 || die "casegate rejects the generated configuration"
}

start_casegate() {
    echo "$CASEGATE serve --config $WORK/casegate.toml --log warn" >>"$WORK/commands"
    "$CASEGATE" serve --config "$WORK/casegate.toml" --log warn >"$WORK/casegate.log" 2>&1 &
    CG_PID=$!
    PIDS+=("$CG_PID")
    wait_port "$CG_PORT"
}

# fetch NAME URL TOKEN: one request with curl; prints the HTTP status, keeps the body in $WORK/NAME.body.
fetch() {
    local name=$1 url=$2 token=$3
    curl -sS -o "$WORK/$name.body" -w '%{http_code}' ${token:+-H "Authorization: Bearer $token"} "$url"
}

verify() {
    local doc=$WORK/www/issues/1001.json status
    status=$(fetch direct "http://127.0.0.1:$UP_PORT/issues/1001.json" "")
    [[ $status == 200 ]] && cmp -s "$doc" "$WORK/direct.body" || die "upstream: expected 200 and the document, got $status"
    status=$(fetch nginx "http://127.0.0.1:$NGINX_PORT/issues/1001.json" "")
    [[ $status == 200 ]] && cmp -s "$doc" "$WORK/nginx.body" || die "nginx proxy: expected 200 and the document, got $status"
    status=$(fetch internal "http://127.0.0.1:$CG_PORT/issues/1001.json" "$INTERNAL_TOKEN")
    [[ $status == 200 ]] && cmp -s "$doc" "$WORK/internal.body" \
        || die "casegate internal: expected 200 and the upstream bytes, got $status ($(head -c 300 "$WORK/internal.body"))"
    status=$(fetch vendor "http://127.0.0.1:$CG_PORT/issues/1001.json" "$VENDOR_TOKEN")
    [[ $status == 200 ]] || die "casegate vendor: expected 200, got $status ($(head -c 300 "$WORK/vendor.body"))"
    python3 - "$WORK/vendor.body" <<'EOF' || die "casegate vendor: the redacted view is wrong (see above)"
import json, sys
raw = open(sys.argv[1], "rb").read()
issue = json.loads(raw)["issue"]
problems = []
journals = issue["journals"]
if len(journals) != 27 or any(j["private_notes"] for j in journals):
    problems.append(f"expected 27 public journals, got {len(journals)}")
if any(f["name"] == "Internal cost" for f in issue["custom_fields"]):
    problems.append("'Internal cost' custom field still present")
for planted in [b"maria.garcia@example.com", b"GB82 WEST", b"4012 8888 8888 1881", b"212 555 0187",
                b"david.garcia@example.com"]:
    if planted in raw:
        problems.append(f"planted value {planted.decode()} not redacted")
if b"1881" not in raw:
    problems.append("card not redacted with keep_last:4")
for p in problems:
    print("  vendor view:", p, file=sys.stderr)
sys.exit(1 if problems else 0)
EOF
    VENDOR_BYTES=$(stat -c %s "$WORK/vendor.body")
}

ms() { # wrk latency (e.g. 812.00us, 1.23ms, 1.01s) -> milliseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# The processes a row measures: casegate, or an nginx instance's master and workers.
row_pids() {
    local master
    case $1 in
        casegate*) echo "$CG_PID"; return ;;
        nginx*) master=$(cat "$WORK/proxy.pid") ;;
        upstream*) master=$(cat "$WORK/upstream.pid") ;;
    esac
    # shellcheck disable=SC2046
    echo "$master" $(pgrep -P "$master")
}

# CPU time (user + system, in clock ticks) used so far by PIDS.
cpu_ticks() {
    local pid; for pid in "$@"; do cat "/proc/$pid/stat"; done | awk '{ t += $14 + $15 } END { print t }'
}

# Resets the peak RSS (VmHWM) of PIDS; see proc(5), /proc/PID/clear_refs.
reset_peak() { local pid; for pid in "$@"; do echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true; done; }

# Sum of VmHWM over PIDS, in MiB.
peak_rss() {
    local pid; for pid in "$@"; do cat "/proc/$pid/status"; done | awk '/VmHWM/ { kb += $2 } END { printf "%.1f MiB", kb / 1024 }'
}

# run LABEL URL TOKEN: warm-up, measured wrk run, one table row in $WORK/rows.
run() {
    local label=$1 url=$2 token=$3 out=$WORK/wrk-${1// /-}.txt rss=- note=
    local header=(); [[ -n $token ]] && header=(-H "Authorization: Bearer $token")
    local pids; pids=$(row_pids "$label")
    wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "${header[@]}" "$url" >/dev/null
    # shellcheck disable=SC2086 # a list of pids
    reset_peak $pids
    local cmd="wrk -t$THREADS -c$CONNS -d$DURATION --latency ${token:+-H 'Authorization: Bearer $token' }$url"
    echo "$cmd" >>"$WORK/commands"
    log "$label: $cmd"
    # shellcheck disable=SC2086
    local ticks; ticks=$(cpu_ticks $pids)
    wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "${header[@]}" "$url" >"$out"
    # shellcheck disable=SC2086
    ticks=$(( $(cpu_ticks $pids) - ticks ))
    # shellcheck disable=SC2086
    rss=$(peak_rss $pids)
    local rps p50 p99 requests cpu
    requests=$(awk '/requests in/ { print $1 }' "$out")
    cpu=$(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
    rps=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' "$out")
    p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$out")")
    p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    grep -q 'Non-2xx' "$out" && note="FAILED: $(grep 'Non-2xx' "$out" | xargs)"
    grep -q 'Socket errors' "$out" && note="$note $(grep 'Socket errors' "$out" | xargs)"
    echo "$label|$rps|$p50|$p99|$cpu|$rss|$note" >>"$WORK/rows"
}

row() { awk -F'|' -v l="$1" -v f="$2" '$1 == l { print $f }' "$WORK/rows"; }

revision() {
    git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || { echo "(not a git checkout)"; return; }
    git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo " + uncommitted changes"
}

report() {
    local nginx_rps internal_rps vendor_rps nginx_p99 vendor_p99 direct_p99
    nginx_rps=$(row "nginx proxy_pass" 2); nginx_p99=$(row "nginx proxy_pass" 4)
    direct_p99=$(row "upstream direct" 4)
    internal_rps=$(row "casegate internal" 2); vendor_rps=$(row "casegate vendor" 2)
    vendor_p99=$(row "casegate vendor" 4)
    echo
    echo "### casegate vs nginx, ${BIG_BYTES}-byte issue JSON (vendor view ${VENDOR_BYTES} bytes), wrk -t$THREADS -c$CONNS -d$DURATION"
    echo
    echo "Load average before the runs: $LOAD_BEFORE (1, 5, 15 min)."
    echo
    echo "Machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr);" \
        "$(nginx -v 2>&1 | sed 's/.*: //'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }')," \
        "casegate ${CASEGATE_REV:-$(revision)}"
    echo
    echo "| target | req/s | p50 (ms) | p99 (ms) | CPU µs/req | peak RSS | notes |"
    echo "|---|---:|---:|---:|---:|---:|---|"
    awk -F'|' '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$WORK/rows"
    echo
    echo "CPU µs/req and peak RSS (VmHWM) cover the serving process(es) only: the upstream nginx for"
    echo "\`upstream direct\`, the proxy nginx (master + workers) for \`nginx proxy_pass\`, the casegate"
    echo "process for casegate rows. CPU per request is the figure least disturbed by other load."
    echo
    awk -v i="$internal_rps" -v v="$vendor_rps" -v n="$nginx_rps" -v vp="$vendor_p99" -v np="$nginx_p99" \
        -v dp="$direct_p99" 'BEGIN {
        printf "- (a) internal / nginx proxy: %.2fx (goal >= 1.00): %s\n", i / n, (i >= n ? "met" : "NOT met")
        printf "- (b) vendor / nginx proxy: %.2fx (goal >= 0.50): %s\n", v / n, (v >= n / 2 ? "met" : "NOT met")
        printf "- (b) vendor p99 added over nginx proxy: %.2f ms (goal < 5 ms): %s\n", vp - np, (vp - np < 5 ? "met" : "NOT met")
        printf "- (b) vendor p99 added over the upstream itself: %.2f ms\n", vp - dp
    }'
    echo
    echo "Commands:"
    echo '```'
    cat "$WORK/commands"
    echo '```'
}

# Other work on the machine (a cargo build, say) skews every row; say so instead of guessing later.
check_idle() {
    local load; load=$(cut -d' ' -f1 /proc/loadavg)
    awk -v l="$load" 'BEGIN { exit !(l > 0.5) }' && log "warning: load average $load before the runs; numbers will be noisy"
    return 0
}

main() {
    install_tools
    build
    : >"$WORK/commands"
    echo "cd $ROOT && cargo build --release --bin casegate --example sample_api" >>"$WORK/commands"
    fetch_big_issue
    start_upstream
    start_nginx_proxy
    casegate_conf
    start_casegate
    verify
    log "checks passed; upstream document ${BIG_BYTES} bytes, vendor view ${VENDOR_BYTES} bytes"
    check_idle
    LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
    run "upstream direct" "http://127.0.0.1:$UP_PORT/issues/1001.json" ""
    run "nginx proxy_pass" "http://127.0.0.1:$NGINX_PORT/issues/1001.json" ""
    run "casegate internal" "http://127.0.0.1:$CG_PORT/issues/1001.json" "$INTERNAL_TOKEN"
    run "casegate vendor" "http://127.0.0.1:$CG_PORT/issues/1001.json" "$VENDOR_TOKEN"
    report
}

main "$@"
