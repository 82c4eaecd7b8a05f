#!/usr/bin/env bash
# Issue 4's figures: with 200,000 proposals across 30 committees
# (xieshang proposals generate), under wrk at 64 connections beside nginx
# serving the same bytes in the same run: (a) the office list page (50 rows,
# filters category and keyword), (b) a proposal's page; (c) submissions per
# second through the real HTTP handler (bench/submit http) beside one-row
# transactions of the same engine (bench/submit raw), and the ceiling of any
# handler: that transaction behind a bare HTTP POST (bench/submit http-raw);
# (d) the server's peak RSS.
# Usage: bench/proposals.sh [sqlite|postgres]
#   The generated data set is kept in bench/out/proposals-cache/ (SQLite:
#   the database; PostgreSQL: a pg_dump) and reused; delete it to generate
#   anew. PostgreSQL: a fresh database on 127.0.0.1:5432 (user postgres),
#   dropped at the end unless KEEP_DB=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bench/deps.sh
engine=${1:-sqlite}
DUR=${DUR:-15s}; CONNS=${CONNS:-64}; THREADS=${THREADS:-2}; WORKERS=${WORKERS:-32}
COMMITTEES=${COMMITTEES:-30}; PROPOSALS=${PROPOSALS:-200000}; SEED=${SEED:-1}
PARTS=${PARTS:-all} # all, or submit (skips the pages)
APP_PORT=${APP_PORT:-18193}; NGX_PORT=${NGX_PORT:-18194}
out=bench/out/proposals-$engine
cache=bench/out/proposals-cache
rm -rf "$out"; mkdir -p "$out/www" "$out/nginx" "$cache"
export XIESHANG_KEY=${XIESHANG_KEY:-$(head -c 32 /dev/urandom | base64)}
CGO_ENABLED=0 go build -trimpath -o bin/xieshang ./cmd/xieshang
CGO_ENABLED=0 go build -trimpath -o bin/bench-submit ./bench/submit
tag="c$COMMITTEES-p$PROPOSALS-s$SEED"
gen() { /usr/bin/time -v ./bin/xieshang proposals generate --committees "$COMMITTEES" --proposals "$PROPOSALS" --seed "$SEED" --db "$1" \
  > "$out/generate.txt" 2> "$out/generate-time.txt" || { cat "$out/generate.txt" "$out/generate-time.txt"; exit 1; }
  awk -F': ' '/Elapsed/{print $2}' "$out/generate-time.txt" > "$2"; }
sql() { if [ "$engine" = sqlite ]; then sqlite3 "$out/bench.db" "$1"; else psql -qtA -h 127.0.0.1 -U postgres -d xs_proposals -c "$1"; fi; }

case $engine in
  sqlite)
    dsn="sqlite:$PWD/$out/bench.db"
    if [ ! -f "$cache/sqlite-$tag.db" ]; then
      rm -f "$cache"/sqlite-*
      gen "sqlite:$PWD/$cache/sqlite-$tag.db" "$cache/sqlite-$tag.time"
      sqlite3 "$cache/sqlite-$tag.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
    fi
    cp "$cache/sqlite-$tag.db" "$out/bench.db" ;;
  postgres)
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS xs_proposals WITH (FORCE)" -c "CREATE DATABASE xs_proposals" >/dev/null
    dsn="postgres://postgres@127.0.0.1:5432/xs_proposals?sslmode=disable"
    if [ ! -f "$cache/postgres-$tag.dump" ]; then
      rm -f "$cache"/postgres-*
      gen "$dsn" "$cache/postgres-$tag.time"
      pg_dump -h 127.0.0.1 -U postgres -Fc -f "$cache/postgres-$tag.dump" xs_proposals
    else
      pg_restore -h 127.0.0.1 -U postgres -d xs_proposals -j 2 "$cache/postgres-$tag.dump"
    fi
    # Vacuumed, analysed and checkpointed: autovacuum of the new tables
    # would otherwise compete with the first measurement.
    psql -q -h 127.0.0.1 -U postgres -d xs_proposals -c "VACUUM ANALYZE" -c "CHECKPOINT" >/dev/null ;;
  *) echo "engine must be sqlite or postgres"; exit 2 ;;
esac
gen_time=$(cat "$cache/$engine-$tag.time")
cid=$(sql "SELECT id FROM committees WHERE name = '压测市政协'")

# The accounts under test: the proposal office (TOTP enrolled here) and a member.
./bin/xieshang migrate --db "$dsn" >/dev/null
office_pw=$(./bin/xieshang user add --db "$dsn" --committee 压测市政协 --username bench-tiban --name 压测提案办 --role proposal_office | sed -n 's/.*一次性密码:\(\S*\).*/\1/p')
member_pw=$(./bin/xieshang user add --db "$dsn" --committee 压测市政协 --username bench-wy --name 压测委员 --role member | sed -n 's/.*一次性密码:\(\S*\).*/\1/p')
# Only serving members of a term propose in it: give the account a member
# record serving in committee 1's term (no CLI does this without a roster).
now=$([ "$engine" = sqlite ] && echo "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')" || echo "now()")
sql "INSERT INTO members (committee_id, name, gender, user_id, created_at, updated_at)
  SELECT $cid, '压测委员', '男', id, $now, $now FROM users WHERE username = 'bench-wy'" >/dev/null
sql "INSERT INTO memberships (member_id, term_id, status, started_on) SELECT m.id, t.id, 'serving', t.starts_on
  FROM members m JOIN users u ON u.id = m.user_id JOIN terms t ON t.committee_id = m.committee_id WHERE u.username = 'bench-wy'" >/dev/null

cat > "$out/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $PWD/$out/nginx/nginx.pid;
error_log $PWD/$out/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html; server { listen 127.0.0.1:$NGX_PORT; root $PWD/$out/www; } }
CONF
nginx -c "$PWD/$out/nginx/nginx.conf"
# The operators' listener: /debug/writer (the write path's counters) is
# read around the wrk submissions. PROFILE=1: CPU profiles of the server
# during the office list's and the submissions' runs, in $out/list.pprof
# and $out/submit.pprof.
export XIESHANG_PPROF=127.0.0.1:${PPROF_PORT:-18195}
./bin/xieshang serve --db "$dsn" --addr 127.0.0.1:$APP_PORT --log-level warn 2> "$out/server.log" & app=$!
cleanup() {
  kill $app 2>/dev/null; wait $app 2>/dev/null || true
  nginx -c "$PWD/$out/nginx/nginx.conf" -s stop 2>/dev/null || true
  if [ "$engine" = postgres ] && [ -z "${KEEP_DB:-}" ]; then psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS xs_proposals WITH (FORCE)" >/dev/null || true; fi
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -s -o /dev/null http://127.0.0.1:$APP_PORT/healthz && break; sleep 0.05; done
url=http://127.0.0.1:$APP_PORT new='Bench-Pass-2026'

# Office: password, TOTP enrolment (the code computed from the secret the
# enrolment page shows, RFC 6238), then the forced password change.
jar="$out/office.jar"
curl -s -c "$jar" -o /dev/null -d "login=bench-tiban&password=$office_pw" "$url/login"
secret=$(curl -s -b "$jar" "$url/totp/enroll" | sed -n 's/.*id="totp-secret">\([A-Z2-7]*\)<.*/\1/p')
[ -n "$secret" ] || { echo "no TOTP secret on /totp/enroll"; exit 1; }
code=$(python3 -c 'import sys,hmac,hashlib,base64,struct,time
k=base64.b32decode(sys.argv[1]+"="*(-len(sys.argv[1])%8)); h=hmac.new(k,struct.pack(">Q",int(time.time())//30),hashlib.sha1).digest()
o=h[-1]&15; print("%06d"%((struct.unpack(">I",h[o:o+4])[0]&0x7fffffff)%1000000))' "$secret")
curl -s -b "$jar" -c "$jar" -o /dev/null -d "code=$code" "$url/totp/enroll"
curl -s -b "$jar" -c "$jar" -o /dev/null -d "current_password=$office_pw&new_password=$new&confirm_password=$new" "$url/password"
office=$(awk '$6=="xs_session"{print $7}' "$jar")
jar="$out/member.jar"
curl -s -c "$jar" -o /dev/null -d "login=bench-wy&password=$member_pw" "$url/login"
curl -s -b "$jar" -c "$jar" -o /dev/null -d "current_password=$member_pw&new_password=$new&confirm_password=$new" "$url/password"
member=$(awk '$6=="xs_session"{print $7}' "$jar")

# (a) the office list: all queues, category 社会, keyword 养老 (50 rows of ~800).
list='/proposals?queue=all&category=%E7%A4%BE%E4%BC%9A&q=%E5%85%BB%E8%80%81'
curl -s -b "xs_session=$office" -o "$out/www/list.html" "$url$list"
rows=$(grep -o 'data-label="案由"' "$out/www/list.html" | wc -l)
[ "$rows" -eq 50 ] || { echo "list page has $rows rows, want 50"; exit 1; }
matching=$(sql "SELECT COUNT(*) FROM proposals WHERE committee_id = $cid AND category = '社会' AND title LIKE '%养老%' AND submitted_at IS NOT NULL")
# (b) a proposal's page: the newest closed 会办 proposal of committee 1 (a full timeline).
pid=$(sql "SELECT id FROM proposals WHERE committee_id = $cid AND state = 'closed' AND mode = 'joint' ORDER BY id DESC LIMIT 1")
curl -s -b "xs_session=$office" -o "$out/www/proposal.html" "$url/proposals/$pid"
grep -q '已办结' "$out/www/proposal.html" || { echo "proposal page $pid not shown"; exit 1; }
events=$(sql "SELECT COUNT(*) FROM proposal_events WHERE proposal_id = $pid")

run_wrk() { # name url [cookie] → "req/s p99"
  local hdr=(); [ -n "${3:-}" ] && hdr=(-H "Cookie: xs_session=$3")
  wrk -t$THREADS -c$CONNS -d$DUR --latency "${hdr[@]}" "$2" > "$out/wrk-$1.txt"
  awk '/Requests\/sec/{r=$2} $1=="99%"{p=$2} END{print r, p}' "$out/wrk-$1.txt"
}
if [ "$PARTS" != submit ]; then
# Warm-up (connection pools filled, heap grown), not measured.
wrk -t$THREADS -c$CONNS -d3s -H "Cookie: xs_session=$office" "$url$list" > /dev/null
[ -n "${PROFILE:-}" ] && curl -s -o "$out/list.pprof" "http://$XIESHANG_PPROF/debug/pprof/profile?seconds=10" &
read -r list_rps list_p99 < <(run_wrk list "$url$list" "$office")
read -r nlist_rps nlist_p99 < <(run_wrk nginx-list "http://127.0.0.1:$NGX_PORT/list.html")
read -r page_rps page_p99 < <(run_wrk proposal "$url/proposals/$pid" "$office")
read -r npage_rps npage_p99 < <(run_wrk nginx-proposal "http://127.0.0.1:$NGX_PORT/proposal.html")
# The ceiling of a page that needs one statement: the list's bytes served by
# a bare Go handler after a one-row lookup by key (bench/submit page-ceiling).
CEIL_PORT=${CEIL_PORT:-18196}
./bin/bench-submit page-ceiling "$dsn" "$out/www/list.html" 127.0.0.1:$CEIL_PORT 2> "$out/page-ceiling.err" & ceil=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$CEIL_PORT/" && break; sleep 0.05; done
read -r clist_rps clist_p99 < <(run_wrk ceiling-list "http://127.0.0.1:$CEIL_PORT/")
kill $ceil; wait $ceil 2>/dev/null || true

fi

# (c) submissions through the handler, then one-row transactions (same workers).
before=$(sql "SELECT COUNT(*) FROM proposals")
[ -n "${PROFILE:-}" ] && curl -s -o "$out/submit.pprof" "http://$XIESHANG_PPROF/debug/pprof/profile?seconds=10" &
read -r sub_rate sub_p99 < <(./bin/bench-submit -workers "$WORKERS" -d "$DUR" http "$url" "xs_session=$member" 2> "$out/submit.err")
read -r raw_rate raw_p99 < <(./bin/bench-submit -workers "$WORKERS" -d "$DUR" raw "$dsn" 2> "$out/raw.err")
# The ceiling of any handler here: the one-row transaction behind a bare HTTP POST.
read -r ceil_rate ceil_p99 < <(./bin/bench-submit -workers "$WORKERS" -d "$DUR" http-raw "$dsn" 2> "$out/ceiling.err")
# The same two through wrk (a C client, -c$CONNS), whose own CPU takes less
# of the 2 cores than the Go client's: bench/submit.lua posts the same form.
# Where the 2 cores go: the CPU time (user + system, from /proc) of the
# server and of wrk over each wrk run, per request answered, and how busy
# the whole machine was.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# PostgreSQL's processes (its backends serve both runs' pools and stay).
pg_ticks() { local t=0 p; for p in $(pgrep -u postgres 2>/dev/null); do t=$((t + $(ticks "$p" 2>/dev/null || echo 0))); done; echo $t; }
machine() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat; }
run_wrk_post() { # name url cookie path server-pid → "req/s p99 refused server-µs wrk-µs postgres-µs machine-busy-%"
  local s0 m0 i0 s1 m1 i1 g0 g1
  s0=$(ticks "$5"); g0=$(pg_ticks); read -r m0 i0 < <(machine)
  SUBMIT_COOKIE="$3" SUBMIT_PATH="$4" /usr/bin/time -f '%U %S' -o "$out/time-$1.txt" \
    wrk -t$THREADS -c$CONNS -d$DUR --latency -s bench/submit.lua "$2" > "$out/wrk-$1.txt"
  s1=$(ticks "$5"); g1=$(pg_ticks); read -r m1 i1 < <(machine)
  awk -v s="$((s1 - s0))" -v g="$((g1 - g0))" -v hz="$(getconf CLK_TCK)" -v busy="$((m1 - m0))" -v idle="$((i1 - i0))" -v tf="$out/time-$1.txt" '
    /Requests\/sec/{r=$2} $1=="99%"{p=$2} /^refused:/{x=$2} / requests in /{n=$1}
    END{getline t < tf; split(t, w, " "); printf "%s %s %s %.0f %.0f %.0f %.0f\n", r, p, x, s/hz*1e6/n, (w[1]+w[2])*1e6/n, g/hz*1e6/n, 100*busy/(busy+idle)}' "$out/wrk-$1.txt"
}
writer() { curl -s "http://$XIESHANG_PPROF/debug/writer" | awk '{printf "%s ", $2} END{print ""}'; }
mid=$(sql "SELECT COUNT(*) FROM proposals")
read -r w_txs0 w_commits0 w_busy0 _ < <(writer)
read -r wsub_rate wsub_p99 wsub_bad wsub_cpu wsub_wrk wsub_pg wsub_busy < <(run_wrk_post submit "$url" "xs_session=$member" /proposals/new $app)
read -r w_txs1 w_commits1 w_busy1 _ < <(writer)
wsub_n=$(awk '/requests in/{print $1}' "$out/wrk-submit.txt")
wsub_rows=$(( $(sql "SELECT COUNT(*) FROM proposals") - mid ))
RAW_PORT=${RAW_PORT:-18197}
./bin/bench-submit http-raw-serve "$dsn" 127.0.0.1:$RAW_PORT 2> "$out/http-raw-serve.err" & rawsrv=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$RAW_PORT/" && break; sleep 0.05; done
read -r wceil_rate wceil_p99 wceil_bad wceil_cpu wceil_wrk wceil_pg wceil_busy < <(run_wrk_post ceiling "http://127.0.0.1:$RAW_PORT" "" /raw $rawsrv)
kill $rawsrv; wait $rawsrv 2>/dev/null || true
rss=$(awk '/VmHWM/{print int($2/1024)}' /proc/$app/status)
errors=$(grep -c 'level=ERROR' "$out/server.log" || true)
total=$(sql "SELECT COUNT(*) FROM proposals")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
{
  echo "engine: $engine   cores: $(nproc)   load average at end: $(cut -d' ' -f1-3 /proc/loadavg)   wrk -t$THREADS -c$CONNS -d$DUR; submit workers $WORKERS"
  echo "data set: $COMMITTEES committees, $PROPOSALS proposals (seed $SEED), generated in $gen_time (xieshang proposals generate; cached in $cache)"
  if [ "$PARTS" != submit ]; then
    echo "office list (50 rows of $matching, queue=all category=社会 q=养老): $list_rps req/s p99 $list_p99; nginx same bytes: $nlist_rps req/s p99 $nlist_p99; ratio $(ratio "$list_rps" "$nlist_rps")"
    echo "page ceiling (the list's bytes from a bare Go handler after a one-row lookup): $clist_rps req/s p99 $clist_p99; ratio to nginx $(ratio "$clist_rps" "$nlist_rps"); office list to it $(ratio "$list_rps" "$clist_rps")"
    echo "proposal page (#$pid, closed 会办, $events events): $page_rps req/s p99 $page_p99; nginx same bytes: $npage_rps req/s p99 $npage_p99; ratio $(ratio "$page_rps" "$npage_rps")"
  fi
  echo "submissions (POST /proposals/new then=submit): $sub_rate/s p99 $sub_p99; raw one-row transactions: $raw_rate/s p99 $raw_p99; ratio $(ratio "$sub_rate" "$raw_rate")"
  echo "ceiling: the one-row transaction behind a bare HTTP POST (bench/submit http-raw): $ceil_rate/s p99 $ceil_p99; ratio to raw $(ratio "$ceil_rate" "$raw_rate"); submissions to it $(ratio "$sub_rate" "$ceil_rate")"
  echo "submissions through wrk -c$CONNS (bench/submit.lua): $wsub_rate/s p99 $wsub_p99 ($wsub_n answered, $wsub_bad not 303, $wsub_rows stored); ratio to raw $(ratio "$wsub_rate" "$raw_rate")"
  echo "ceiling through wrk -c$CONNS (bench/submit http-raw-serve): $wceil_rate/s p99 $wceil_p99 ($wceil_bad not 303); ratio to raw $(ratio "$wceil_rate" "$raw_rate"); wrk submissions to it $(ratio "$wsub_rate" "$wceil_rate")"
  pg() { [ "$engine" = postgres ] && echo " + PostgreSQL $1 µs"; true; }
  echo "CPU per request through wrk (user+system): submission: server $wsub_cpu µs + wrk $wsub_wrk µs$(pg "$wsub_pg"), machine $wsub_busy% busy; ceiling: server $wceil_cpu µs + wrk $wceil_wrk µs$(pg "$wceil_pg"), machine $wceil_busy% busy"
  # SQLite's one writer (PostgreSQL's committers wait on the server, in parallel).
  [ "$engine" = sqlite ] && awk -v t="$((w_txs1 - w_txs0))" -v c="$((w_commits1 - w_commits0))" -v b="$((w_busy1 - w_busy0))" -v raw="$raw_rate" 'BEGIN{
    printf "writer during the wrk submissions: %d transactions in %d commits (%.1f per commit), busy %.1f µs per transaction: alone it would allow %.0f/s, %.2f of raw\n", t, c, t/c, b/t/1e3, 1e9*t/b, 1e9*t/b/raw}'
  echo "server peak RSS: $rss MiB; server errors logged: $errors; proposals before/after: $before/$total; page sizes: list $(stat -c %s "$out/www/list.html") B, proposal $(stat -c %s "$out/www/proposal.html") B"
} | tee "$out/summary.txt"
