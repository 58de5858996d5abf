#!/usr/bin/env bash
# Print the path of a Python 3.8-3.10 interpreter (Rasa Open Source 3.6 supports no other).
# Order: $PYTHON if set, then python3.10/3.9/3.8 on PATH, then pyenv's installed versions.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if (3, 8) <= sys.version_info[:2] <= (3, 10) else 1)' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
for v in 3.10 3.9 3.8; do
  command -v "python$v" >/dev/null 2>&1 && candidates+=("$(command -v "python$v")")
done
# pyenv's versions, even when pyenv itself is not on PATH (e.g. a non-login CI shell)
root=$( (command -v pyenv >/dev/null 2>&1 && pyenv root) || echo "${PYENV_ROOT:-$HOME/.pyenv}")
if [ -d "$root/versions" ]; then
  for d in $(ls -d "$root"/versions/3.10.* "$root"/versions/3.9.* "$root"/versions/3.8.* 2>/dev/null | sort -rV); do
    candidates+=("$d/bin/python")
  done
fi
candidates+=(python3)

for c in "${candidates[@]}"; do
  if [ -x "$(command -v "$c" 2>/dev/null)" ] && ok "$c"; then
    command -v "$c"
    exit 0
  fi
done

cat >&2 <<'MSG'
ERROR: no Python 3.8, 3.9 or 3.10 interpreter found.
Rasa Open Source 3.6 runs only on Python 3.8-3.10. Install one, then run make again:
  - with pyenv:        pyenv install 3.10.13
  - on Debian/Ubuntu:  apt-get install python3.10 python3.10-venv   (where your release has it)
  - or point to one:   make run PYTHON=/path/to/python3.10
MSG
exit 1
