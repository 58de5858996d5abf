#!/usr/bin/env bash
# Install Debian packages the tests need (browser, databases) when they are missing.
# Usage: ensure_system_packages.sh BINARY:PACKAGE [BINARY:PACKAGE ...]
# Needs root (CI runs as root); otherwise it says what to install and carries on,
# and the tests that need the missing program report it.
set -u
missing=()
for pair in "$@"; do
  bin=${pair%%:*}; pkg=${pair#*:}
  [ -x "$bin" ] || command -v "$bin" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "NOTE: tests need these Debian packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
  exit 0
fi
echo "Installing ${missing[*]} (Debian packages used by the tests)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
  || echo "WARNING: could not install ${missing[*]}; the tests that need them will say so." >&2
