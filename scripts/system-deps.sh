#!/usr/bin/env bash
# Checks the Debian packages the stack needs; as root with apt-get, installs what is missing,
# otherwise prints the exact command to run and fails.
set -euo pipefail

packages=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0  # WeasyPrint
  poppler-utils                                          # pdfsig, pdftoppm
  chromium                                               # browser tests
  redis-server                                           # the test suite's own Redis
  wrk                                                    # bench/register_bench.py's load
)
# Without DATABASE_URL the project runs its own Postgres: it needs the server binaries
# (or the pgserver wheel, which the Makefile installs when apt-get is not available).
if [ -z "${DATABASE_URL:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
   && ! command -v initdb >/dev/null 2>&1; then
  packages+=(postgresql)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  # The postgresql package starts a cluster of its own on port 5432; ours never uses it.
  exit 0
fi
echo "Missing system packages: ${missing[*]}" >&2
echo "Install them with:  sudo apt-get install ${missing[*]}" >&2
exit 1
