#!/usr/bin/env bash
# End-to-end: casegate (examples/redmine.toml) in front of a real Redmine 5.
#
#   bash tests/e2e/redmine/run.sh
#
# Starts Redmine (start-redmine.sh; installs the Debian packages the first time), seeds it
# (seed.py), builds and starts `casegate serve` on free loopback ports, waits for /readyz, runs
# check.py, and stops everything on exit. Exits non-zero on any failure. Prints timings.
# KEEP_E2E=1 keeps the work folder (logs, audit, seed.json) after a passing run too.
# CASEGATE_BIN=PATH uses that binary instead of building target/release/casegate.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1
cd "$(dirname "$0")/../../.."
root=$(pwd)
here="$root/tests/e2e/redmine"

t_start=$(date +%s.%N)
elapsed() { python3 -c "print(f'{$(date +%s.%N)-$1:.1f}')"; }
say() { echo "[e2e $(date +%H:%M:%S)] $*"; }

work=$(mktemp -d /tmp/casegate-e2e.XXXXXX)
gw_pid=""
build_pid=""
status=1

# shellcheck source=start-redmine.sh
. "$here/start-redmine.sh"

cleanup() {
  local rc=$?
  [ "$status" -eq 0 ] || status=$rc
  if [ -n "$build_pid" ] && kill -0 "$build_pid" 2>/dev/null; then kill "$build_pid" 2>/dev/null || true; fi
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    kill -TERM "$gw_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$gw_pid" 2>/dev/null || true
  fi
  redmine_stop "$work/redmine" 2>/dev/null || true
  if [ "$status" -ne 0 ]; then
    echo "---- casegate log (last 40 lines) ----"; tail -n 40 "$work/casegate.log" 2>/dev/null || true
    echo "---- redmine log (last 20 lines) ----"; tail -n 20 "$work/redmine/instance/log/production.log" 2>/dev/null || true
    echo "(work folder kept: $work)"
  elif [ "${KEEP_E2E:-0}" = 1 ]; then
    echo "(work folder kept: $work)"
  else
    rm -rf "$work"
  fi
  say "total $(elapsed "$t_start") s; exit $status"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# The build runs while Redmine boots (Ruby mostly waits on I/O and its own start-up).
t_build=$(date +%s.%N)
if [ -n "${CASEGATE_BIN:-}" ]; then
  bin=$CASEGATE_BIN
  echo 0 >"$work/build.rc"
else
  bin="$root/target/release/casegate"
  say "cargo build --release (background, log: $work/build.log)"
  (cargo build --release >"$work/build.log" 2>&1; echo $? >"$work/build.rc") &
  build_pid=$!
fi

t=$(date +%s.%N)
redmine_start "$work/redmine" >/dev/null
say "Redmine up at $REDMINE_URL in $(elapsed "$t") s"

t=$(date +%s.%N)
python3 "$here/seed.py" --url "$REDMINE_URL" --key "$REDMINE_API_KEY" --out "$work/seed.json"
say "seeded in $(elapsed "$t") s"

if [ -n "$build_pid" ]; then wait "$build_pid" || true; fi
build_pid=""
if [ "$(cat "$work/build.rc" 2>/dev/null || echo 1)" != 0 ]; then
  echo "cargo build --release failed:"; tail -n 30 "$work/build.log"; exit 1
fi
say "casegate binary ready: $bin ($(elapsed "$t_build") s after the build started)"

listen_port=$(free_port)
admin_port=$(free_port)
while [ "$admin_port" = "$listen_port" ]; do admin_port=$(free_port); done
rand() { python3 -c 'import secrets; print(secrets.token_urlsafe(24))'; }
internal_token="e2e-internal-$(rand)"
vendor_token="e2e-vendor-$(rand)"

t=$(date +%s.%N)
CASEGATE_UPSTREAM="$REDMINE_URL" \
REDMINE_API_KEY="$REDMINE_API_KEY" \
CASEGATE_LISTEN="127.0.0.1:$listen_port" \
CASEGATE_ADMIN_LISTEN="127.0.0.1:$admin_port" \
CASEGATE_AUDIT="$work/audit.jsonl" \
CASEGATE_KEY="e2e-hmac-$(rand)" \
INTERNAL_TOKEN="$internal_token" \
VENDOR_TOKEN="$vendor_token" \
VENDOR_ASSIGNEE="acme.agent" \
  "$bin" serve --config "$root/examples/redmine.toml" >"$work/casegate.log" 2>&1 &
gw_pid=$!

deadline=$(( $(date +%s) + 30 ))
until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$admin_port/readyz" 2>/dev/null; do
  if ! kill -0 "$gw_pid" 2>/dev/null; then
    gw_pid=""
    echo "casegate serve exited before it was ready:"; tail -n 30 "$work/casegate.log"; exit 1
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then echo "casegate not ready in 30 s"; exit 1; fi
  sleep 0.2
done
say "casegate ready on 127.0.0.1:$listen_port (admin :$admin_port) in $(elapsed "$t") s"

t=$(date +%s.%N)
set +e
python3 "$here/check.py" \
  --gateway "http://127.0.0.1:$listen_port" --admin "http://127.0.0.1:$admin_port" \
  --internal-token "$internal_token" --vendor-token "$vendor_token" \
  --seed "$work/seed.json" --audit "$work/audit.jsonl" --redmine-key "$REDMINE_API_KEY"
status=$?
set -e
say "checks ran in $(elapsed "$t") s"
exit "$status"
