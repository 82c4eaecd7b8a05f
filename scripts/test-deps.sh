#!/usr/bin/env bash
# Installs or starts what the test suite needs, when missing:
#  - Debian's chromium (browser tests) and a CJK font (so Chinese renders),
#  - a running PostgreSQL on 127.0.0.1:5432 (storage tests on both engines).
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qiE 'wqy|noto sans cjk|droid sans fallback'; then need+=(fonts-wqy-microhei); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "test-deps: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi

pg_up() {
  if command -v pg_isready >/dev/null 2>&1; then pg_isready -q -h 127.0.0.1 -p 5432; else (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; fi
}
if ! pg_up; then
  if [ -d /etc/postgresql ]; then
    echo "test-deps: starting PostgreSQL"
    as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  pg_up || echo "test-deps: PostgreSQL is not reachable on 127.0.0.1:5432 (tests skip it locally, fail under CI=true)"
fi
