#!/usr/bin/env bash
# Bring up a throw-away Redmine 5 (Debian 12 packages, SQLite, thin) on a free loopback port.
#
#   start-redmine.sh [start] [DIR]   start (or reuse) the instance whose state lives in DIR
#                                    (default: a new temp dir); prints the env file's path last
#   start-redmine.sh stop DIR        stop it (thin) and remove the instance link
#   source start-redmine.sh          defines redmine_start [DIR] / redmine_stop [DIR]
#                                    (redmine_start exports REDMINE_URL, REDMINE_API_KEY, ...)
#
# DIR/redmine.env holds `export REDMINE_URL=... REDMINE_API_KEY=... REDMINE_PID=...`.
#
# Facts this relies on (Redmine 5.0 as packaged in Debian 12):
# - `rails server` does not start out of the box; thin does, from /usr/share/redmine.
# - Instances are /usr/share/redmine/instances/NAME (= /var/lib/redmine/NAME), picked with
#   REDMINE_INSTANCE; each has config/{database.yml,configuration.yml,secret_key.txt}, files, log,
#   tmp. Here NAME is a symlink to DIR/instance, so everything stays under DIR.
# - `rake db:migrate` and `rake redmine:load_default_data` must run in separate processes (in
#   one, the default data silently does not load), so trackers are checked afterwards.
# - A cold start (migrate + default data) takes ~50 s; a copy of a migrated template database
#   (kept in $CASEGATE_E2E_CACHE, default /var/cache/casegate-e2e) brings it to a few seconds.
#   REDMINE_E2E_COLD=1 ignores the template.

_rm_log() { echo "[redmine $(date +%H:%M:%S)] $*" >&2; }

_rm_now() { date +%s.%N; }

_rm_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

_rm_install() {
  local need=()
  dpkg-query -W -f='${Status}' redmine 2>/dev/null | grep -q "ok installed" || need+=(redmine)
  dpkg-query -W -f='${Status}' redmine-sqlite 2>/dev/null | grep -q "ok installed" || need+=(redmine-sqlite)
  dpkg-query -W -f='${Status}' thin 2>/dev/null | grep -q "ok installed" || need+=(thin)
  command -v curl >/dev/null || need+=(curl)
  command -v python3 >/dev/null || need+=(python3)
  if [ ${#need[@]} -gt 0 ]; then
    _rm_log "installing ${need[*]} (apt-get; ~1 min cold)"
    local t0; t0=$(_rm_now)
    apt-get update -qq
    # The redmine package's postinst asks dbconfig-common questions: answer them by default.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    _rm_log "installed in $(python3 -c "print(round($(_rm_now)-$t0,1))") s"
  fi
}

# Run a Redmine command (rake, rails runner, thin) for instance $1.
_rm_exec() {
  local name=$1; shift
  (cd /usr/share/redmine && REDMINE_INSTANCE="$name" RAILS_ENV=production "$@")
}

redmine_start() {
  local dir=${1:-}
  local t0; t0=$(_rm_now)
  if [ -z "$dir" ]; then dir=$(mktemp -d /tmp/casegate-redmine.XXXXXX); fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local envfile="$dir/redmine.env"

  # Idempotent: an instance already answering from this DIR is reused.
  if [ -f "$envfile" ]; then
    # shellcheck disable=SC1090
    . "$envfile"
    if [ -n "${REDMINE_PID:-}" ] && kill -0 "$REDMINE_PID" 2>/dev/null && curl -fsS -o /dev/null --max-time 5 \
         -H "X-Redmine-API-Key: $REDMINE_API_KEY" "$REDMINE_URL/users/current.json"; then
      _rm_log "reusing $REDMINE_URL (pid $REDMINE_PID)"
      export REDMINE_URL REDMINE_API_KEY REDMINE_PID REDMINE_INSTANCE REDMINE_DIR
      echo "$envfile"
      return 0
    fi
  fi

  _rm_install || return 1

  local name; name="casegate-e2e-$(basename "$dir" | tr -c 'A-Za-z0-9\n' '-')"
  local inst="$dir/instance"
  mkdir -p "$inst/config" "$inst/files" "$inst/log" "$inst/tmp/cache" "$inst/tmp/pids" \
           "$inst/tmp/sessions" "$inst/tmp/sockets" "$inst/tmp/thumbnails" "$inst/public" "$inst/db"
  ln -sfn "$inst" "/usr/share/redmine/instances/$name"
  cat >"$inst/config/database.yml" <<EOF
production:
  adapter: sqlite3
  database: $inst/db/redmine.sqlite3
  pool: 10
  timeout: 10000
EOF
  cat >"$inst/config/configuration.yml" <<EOF
production:
  email_delivery:
    delivery_method: :test
  attachments_storage_path: $inst/files
EOF
  python3 -c 'import secrets; print(secrets.token_hex(64))' >"$inst/config/secret_key.txt"

  local cache=${CASEGATE_E2E_CACHE:-/var/cache/casegate-e2e}
  local version; version=$(dpkg-query -W -f='${Version}' redmine)
  local template="$cache/redmine-$version-v1.sqlite3"
  local keyfile="$template.key"
  local key=""

  if [ "${REDMINE_E2E_COLD:-0}" != 1 ] && [ -s "$template" ] && [ -s "$keyfile" ]; then
    cp "$template" "$inst/db/redmine.sqlite3"
    key=$(cat "$keyfile")
    _rm_log "database copied from template $template"
  else
    _rm_log "cold start: db:migrate"
    local t1; t1=$(_rm_now)
    _rm_exec "$name" bundle exec rake db:migrate SCHEMA=/dev/null >"$inst/log/migrate.log" 2>&1 \
      || { _rm_log "db:migrate failed:"; tail -30 "$inst/log/migrate.log" >&2; return 1; }
    _rm_log "migrated in $(python3 -c "print(round($(_rm_now)-$t1,1))") s; loading default data"
    local try trackers=0 out
    for try in 1 2; do
      # A separate process from the migration: in the same one the data silently does not load.
      _rm_exec "$name" bundle exec rake redmine:load_default_data REDMINE_LANG=en \
        >>"$inst/log/default-data.log" 2>&1 \
        || { _rm_log "load_default_data failed:"; tail -30 "$inst/log/default-data.log" >&2; return 1; }
      # Check that it loaded (trackers exist); in the same process: REST API on, admin usable
      # without a password change, admin key (created on first read).
      out=$(_rm_exec "$name" bundle exec rails runner '
        trackers = Tracker.count
        puts "TRACKERS=#{trackers}"
        if trackers > 0
          Setting.rest_api_enabled = "1"
          Setting.login_required = "1"
          u = User.find_by_login("admin")
          u.must_change_passwd = false
          u.save!
          puts "APIKEY=#{u.api_key}"
          puts "REST=#{Setting.rest_api_enabled?}"
        end
      ' 2>&1) || { _rm_log "rails runner failed: $out"; return 1; }
      trackers=$(printf '%s\n' "$out" | sed -n 's/^TRACKERS=//p')
      [ "${trackers:-0}" -gt 0 ] && break
      _rm_log "no trackers after load_default_data (try $try)"
    done
    [ "${trackers:-0}" -gt 0 ] || { _rm_log "default data did not load"; return 1; }
    _rm_log "default data loaded ($trackers trackers), REST API enabled"
    key=$(printf '%s\n' "$out" | sed -n 's/^APIKEY=//p')
    printf '%s\n' "$out" | grep -q '^REST=true' || { _rm_log "REST API not enabled: $out"; return 1; }
    [ -n "$key" ] || { _rm_log "no admin API key: $out"; return 1; }
    if mkdir -p "$cache" 2>/dev/null; then
      cp "$inst/db/redmine.sqlite3" "$template.tmp.$$" && printf '%s\n' "$key" >"$keyfile.tmp.$$" \
        && mv "$keyfile.tmp.$$" "$keyfile" && mv "$template.tmp.$$" "$template" \
        && _rm_log "template saved to $template"
    fi
  fi

  local port; port=$(_rm_free_port)
  local url="http://127.0.0.1:$port"
  _rm_log "starting thin on $url"
  # thin daemonizes itself (it lives on after this script in start mode, in a session of its
  # own: pgid = its pid) and writes its pid file. ($! of a backgrounded `setsid bundle exec`
  # is not thin's pid: setsid forks when it already leads a process group.)
  rm -f "$dir/thin.pid"
  (cd /usr/share/redmine && REDMINE_INSTANCE="$name" RAILS_ENV=production \
     bundle exec thin start -d -R config.ru -a 127.0.0.1 -p "$port" -e production \
       --pid "$dir/thin.pid" --log "$inst/log/thin.log" </dev/null >"$inst/log/thin-start.log" 2>&1) \
    || { _rm_log "thin did not start:"; tail -30 "$inst/log/thin-start.log" "$inst/log/thin.log" >&2; return 1; }
  local pid=""
  local deadline=$(( $(date +%s) + ${REDMINE_START_TIMEOUT:-120} ))
  until curl -fsS -o /dev/null --max-time 5 -H "X-Redmine-API-Key: $key" "$url/users/current.json" 2>/dev/null; do
    [ -n "$pid" ] || pid=$(cat "$dir/thin.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      _rm_log "thin exited:"; tail -30 "$inst/log/thin.log" >&2; return 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      _rm_log "no answer from $url in time:"; tail -30 "$inst/log/thin.log" >&2
      [ -n "$pid" ] && kill -- "-$pid" 2>/dev/null; return 1
    fi
    sleep 0.3
  done
  [ -n "$pid" ] || pid=$(cat "$dir/thin.pid")

  cat >"$envfile" <<EOF
export REDMINE_URL=$url
export REDMINE_API_KEY=$key
export REDMINE_PID=$pid
export REDMINE_INSTANCE=$name
export REDMINE_DIR=$dir
EOF
  REDMINE_URL=$url REDMINE_API_KEY=$key REDMINE_PID=$pid REDMINE_INSTANCE=$name REDMINE_DIR=$dir
  export REDMINE_URL REDMINE_API_KEY REDMINE_PID REDMINE_INSTANCE REDMINE_DIR
  _rm_log "up at $url in $(python3 -c "print(round($(_rm_now)-$t0,1))") s (env: $envfile)"
  echo "$envfile"
}

redmine_stop() {
  local dir=${1:-${REDMINE_DIR:-}}
  [ -n "$dir" ] && [ -f "$dir/redmine.env" ] || return 0
  local REDMINE_PID="" REDMINE_INSTANCE=""
  # shellcheck disable=SC1091
  . "$dir/redmine.env"
  if [ -n "$REDMINE_PID" ] && kill -0 "$REDMINE_PID" 2>/dev/null; then
    kill -TERM -- "-$REDMINE_PID" 2>/dev/null || kill -TERM "$REDMINE_PID" 2>/dev/null
    local i
    for i in $(seq 1 50); do kill -0 "$REDMINE_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$REDMINE_PID" 2>/dev/null || true
    if kill -0 "$REDMINE_PID" 2>/dev/null; then _rm_log "thin (pid $REDMINE_PID) did not stop"
    else _rm_log "stopped thin (pid $REDMINE_PID)"; fi
  fi
  [ -n "$REDMINE_INSTANCE" ] && rm -f "/usr/share/redmine/instances/$REDMINE_INSTANCE"
  rm -f "$dir/redmine.env"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-start}" in
    start) shift || true; redmine_start "${1:-}" ;;
    stop) shift; redmine_stop "${1:?usage: start-redmine.sh stop DIR}" ;;
    *) if [ -d "$1" ] || [ ! -e "$1" ]; then redmine_start "$1"; else
         echo "usage: start-redmine.sh [start] [DIR] | stop DIR" >&2; exit 2; fi ;;
  esac
fi
