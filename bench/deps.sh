#!/usr/bin/env bash
# Installs what the load scripts need, when missing: wrk, nginx (the
# baseline), curl, sqlite3 and GNU time (peak RSS), from Debian's packages.
set -euo pipefail
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
need=()
for p in wrk nginx curl sqlite3; do command -v "$p" >/dev/null 2>&1 || need+=("$p"); done
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  echo "bench: installing ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need[@]}" >/dev/null
fi
