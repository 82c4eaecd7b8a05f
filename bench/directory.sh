#!/usr/bin/env bash
# Issue 3's figures: import a 10,000-row roster (wall time, peak RSS), and
# the member directory (50 rows, one filter) with ~12,000 members under wrk
# at 64 connections, beside nginx serving the same bytes in the same run.
# Usage: bench/directory.sh   (SQLite; installs wrk, nginx, curl, sqlite3, time if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
bench/deps.sh
DUR=${DUR:-15s}; CONNS=${CONNS:-64}; THREADS=${THREADS:-2}
APP_PORT=${APP_PORT:-18191}; NGX_PORT=${NGX_PORT:-18192}
out=bench/out/directory
rm -rf "$out"; mkdir -p "$out/www" "$out/nginx"
CGO_ENABLED=0 go build -trimpath -o bin/xieshang ./cmd/xieshang
db="sqlite:$PWD/$out/demo.db"

# The demo committee (400 members), then a 10,000-row and a 1,600-row roster on top.
./bin/xieshang serve --demo --db "$db" --addr 127.0.0.1:$APP_PORT > "$out/demo.txt" 2>/dev/null & pid=$!
for _ in $(seq 1 200); do curl -s -o /dev/null http://127.0.0.1:$APP_PORT/healthz && break; sleep 0.1; done
kill $pid; wait $pid 2>/dev/null || true
pw=$(awk '$2=="weiyuan"{print $4}' "$out/demo.txt")
./bin/xieshang roster sample "$out/r10k.xlsx" --rows 10000 --seed 7 >/dev/null
./bin/xieshang roster sample "$out/r1600.xlsx" --rows 1600 --seed 8 >/dev/null
/usr/bin/time -v ./bin/xieshang roster import "$out/r10k.xlsx" --committee 示范市政协 --db "$db" > "$out/import.txt" 2> "$out/import-time.txt"
./bin/xieshang roster import "$out/r1600.xlsx" --committee 示范市政协 --db "$db" >> "$out/import.txt"
import_s=$(awk -F': ' '/Elapsed/{print $2}' "$out/import-time.txt")
import_rss=$(awk -F': ' '/Maximum resident/{print int($2/1024)}' "$out/import-time.txt")

cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html; server { listen 127.0.0.1:$NGX_PORT; root $PWD/$out/www; } }
CONF
nginx -c "$PWD/$out/nginx/nginx.conf"
./bin/xieshang serve --db "$db" --addr 127.0.0.1:$APP_PORT --log-level warn 2> "$out/server.log" & app=$!
trap 'kill $app 2>/dev/null; nginx -c "$PWD/$out/nginx/nginx.conf" -s stop 2>/dev/null || true' EXIT
for _ in $(seq 1 200); do curl -s -o /dev/null http://127.0.0.1:$APP_PORT/healthz && break; sleep 0.05; done
jar="$out/cookies.txt"; new='Bench-Pass-2026'
curl -s -c "$jar" -o /dev/null -d "login=weiyuan&password=$pw" http://127.0.0.1:$APP_PORT/login
curl -s -b "$jar" -c "$jar" -o /dev/null -d "current_password=$pw&new_password=$new&confirm_password=$new" http://127.0.0.1:$APP_PORT/password
cookie=$(awk '$6=="xs_session"{print $7}' "$jar")
path='/members?party=%E6%B0%91%E7%9B%9F'   # 党派 = 民盟
curl -s -b "xs_session=$cookie" -o "$out/www/directory.html" "http://127.0.0.1:$APP_PORT$path"
rows=$(grep -o 'data-label="姓名"' "$out/www/directory.html" | wc -l)
[ "$rows" -eq 50 ] || { echo "directory page has $rows rows, want 50"; exit 1; }
members=$(sqlite3 "$out/demo.db" "select count(*) from members" 2>/dev/null || echo "~12,000")

run_wrk() { wrk -t$THREADS -c$CONNS -d$DUR --latency "$@" > "$out/wrk.txt"; awk '/Requests\/sec/{r=$2} $1=="99%"{p=$2} END{print r, p}' "$out/wrk.txt"; }
read -r app_rps app_p99 < <(run_wrk -H "Cookie: xs_session=$cookie" "http://127.0.0.1:$APP_PORT$path")
cp "$out/wrk.txt" "$out/wrk-app.txt"
read -r ngx_rps ngx_p99 < <(run_wrk "http://127.0.0.1:$NGX_PORT/directory.html")
rss=$(awk '/VmHWM/{print int($2/1024)}' /proc/$app/status)
{
  echo "import of 10,000 rows (CLI, whole process): $import_s wall, peak RSS $import_rss MiB"
  echo "directory ($members members, 50 rows, filter 党派=民盟): $app_rps req/s p99 $app_p99; nginx same bytes: $ngx_rps req/s p99 $ngx_p99; ratio $(awk -v a="$app_rps" -v b="$ngx_rps" 'BEGIN{printf "%.2f", a/b}')"
  echo "server peak RSS: $rss MiB; page size $(stat -c %s "$out/www/directory.html") B"
} | tee "$out/summary.txt"
