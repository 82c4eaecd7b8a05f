#!/usr/bin/env bash
# Load comparison for the closing notes: start-up time to a healthy /healthz,
# the login and home pages under wrk at 64 connections, beside nginx serving
# the same bytes from files in the same run, and the server's peak RSS.
#
# Usage: bench/load.sh [sqlite|postgres]   (needs wrk, nginx, curl; installs
# wrk and nginx-light from Debian if missing). Results go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/deps.sh
engine=${1:-sqlite}
DUR=${DUR:-15s}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
APP_PORT=${APP_PORT:-18181}
NGX_PORT=${NGX_PORT:-18182}
out=bench/out/$engine
export XIESHANG_KEY=${XIESHANG_KEY:-$(head -c 32 /dev/urandom | base64)}
rm -rf "$out"; mkdir -p "$out"

for tool in wrk nginx curl; do
  command -v $tool >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk nginx-light curl >/dev/null; break; }
done
CGO_ENABLED=0 go build -trimpath -o bin/xieshang ./cmd/xieshang

case $engine in
  sqlite) dsn="sqlite:$PWD/$out/bench.db" ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS xs_bench WITH (FORCE)" -c "CREATE DATABASE xs_bench" >/dev/null
    dsn="postgres://postgres@127.0.0.1:5432/xs_bench?sslmode=disable" ;;
  *) echo "engine must be sqlite or postgres"; exit 2 ;;
esac

now_ns() { date +%s%N; }
wait_healthy() { # url → prints ms from $1 (start ns) to first 200
  local start=$1 url=$2
  for _ in $(seq 1 2000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" = 200 ]; then
      echo $(( ($(now_ns) - start) / 1000000 )); return 0
    fi
    sleep 0.005
  done
  echo "never healthy" >&2; return 1
}

# --- start-up time on an empty database (5 runs, each on a new database) ---
startup=()
for i in 1 2 3 4 5; do
  if [ "$engine" = sqlite ]; then d="sqlite:$PWD/$out/startup$i.db"; else
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS xs_start WITH (FORCE)" -c "CREATE DATABASE xs_start" >/dev/null
    d="postgres://postgres@127.0.0.1:5432/xs_start?sslmode=disable"; fi
  s=$(now_ns); ./bin/xieshang serve --addr 127.0.0.1:$APP_PORT --db "$d" 2>/dev/null & pid=$!
  startup+=("$(wait_healthy "$s" http://127.0.0.1:$APP_PORT/healthz)")
  kill $pid; wait $pid 2>/dev/null || true
done

# --- nginx serving files, for the baseline ---
mkdir -p "$out/www" "$out/nginx"
cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server { listen 127.0.0.1:$NGX_PORT; root $PWD/$out/www; location = /healthz { return 200 "ok\n"; } }
}
CONF
s=$(now_ns); nginx -c "$PWD/$out/nginx/nginx.conf"
ngx_start=$(wait_healthy "$s" http://127.0.0.1:$NGX_PORT/healthz)

# --- the server under test, with one member account ---
./bin/xieshang init --db "$dsn" --committee 压测市政协 >/dev/null
pw=$(./bin/xieshang user add --db "$dsn" --username member1 --name 压测委员 --role member | sed -n 's/.*一次性密码:\(\S*\).*/\1/p')
./bin/xieshang serve --addr 127.0.0.1:$APP_PORT --db "$dsn" --log-level warn 2>"$out/server.log" & app=$!
trap 'kill $app 2>/dev/null; nginx -c "$PWD/$out/nginx/nginx.conf" -s stop 2>/dev/null || true' EXIT
wait_healthy "$(now_ns)" http://127.0.0.1:$APP_PORT/healthz >/dev/null
jar="$out/cookies.txt"
curl -s -c "$jar" -o /dev/null -d "login=member1&password=$pw" http://127.0.0.1:$APP_PORT/login
new='Bench-Pass-2026'
curl -s -b "$jar" -c "$jar" -o /dev/null -d "current_password=$pw&new_password=$new&confirm_password=$new" http://127.0.0.1:$APP_PORT/password
cookie=$(awk '$6=="xs_session"{print $7}' "$jar")
curl -s -o "$out/www/login.html" http://127.0.0.1:$APP_PORT/login
curl -s -b "xs_session=$cookie" -o "$out/www/home.html" http://127.0.0.1:$APP_PORT/
grep -q '您好' "$out/www/home.html" || { echo "home page not logged in"; exit 1; }

run_wrk() { # name url [cookie]
  local name=$1 url=$2 hdr=()
  [ -n "${3:-}" ] && hdr=(-H "Cookie: xs_session=$3")
  wrk -t$THREADS -c$CONNS -d$DUR --latency "${hdr[@]}" "$url" > "$out/$name.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/{print $2}' "$out/$name.txt")
  p99=$(awk '$1=="99%"{print $2}' "$out/$name.txt")
  echo "$rps $p99"
}
read -r login_rps login_p99 < <(run_wrk app-login http://127.0.0.1:$APP_PORT/login)
read -r nlogin_rps nlogin_p99 < <(run_wrk nginx-login http://127.0.0.1:$NGX_PORT/login.html)
read -r home_rps home_p99 < <(run_wrk app-home http://127.0.0.1:$APP_PORT/ "$cookie")
read -r nhome_rps nhome_p99 < <(run_wrk nginx-home http://127.0.0.1:$NGX_PORT/home.html)
rss_kb=$(awk '/VmHWM/{print $2}' /proc/$app/status)
errors=$(grep -c 'level=ERROR' "$out/server.log" || true)

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
{
  echo "engine: $engine   cores: $(nproc)   wrk: -t$THREADS -c$CONNS -d$DUR"
  echo "start-up to healthy /healthz (empty db, 5 runs): median $(median "${startup[@]}") ms  [${startup[*]}]; nginx: $ngx_start ms"
  echo "login page: $login_rps req/s p99 $login_p99   nginx same bytes: $nlogin_rps req/s p99 $nlogin_p99   ratio $(ratio "$login_rps" "$nlogin_rps")"
  echo "home page:  $home_rps req/s p99 $home_p99   nginx same bytes: $nhome_rps req/s p99 $nhome_p99   ratio $(ratio "$home_rps" "$nhome_rps")"
  echo "server peak RSS: $((rss_kb / 1024)) MiB   server errors logged: $errors"
  echo "page sizes: login $(stat -c %s "$out/www/login.html") B, home $(stat -c %s "$out/www/home.html") B"
} | tee "$out/summary.txt"
