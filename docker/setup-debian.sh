#!/usr/bin/env bash
# Set up reelflow on a fresh Debian/Ubuntu machine with Python 3.11+:
#   - the few Debian packages it uses (espeak-ng, the offline voice), when run as root
#     (not root: it prints the one apt-get line to run with sudo and carries on);
#   - a virtual environment in .venv with reelflow and its Python dependencies.
# The CJK font and ffmpeg (imageio-ffmpeg's static build) come with the Python install.
# Usage: docker/setup-debian.sh [--dev]      (--dev adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(espeak-ng)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  else
    echo "Not root: run 'sudo apt-get install -y ${missing[*]}' for the offline voice" >&2
    echo "(without it, narration needs the network for edge-tts)." >&2
  fi
fi

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "reelflow needs Python 3.11 or newer" >&2; exit 1; }
[ -x .venv/bin/python ] || "$PY" -m venv .venv
extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
.venv/bin/python -m pip install -q --upgrade pip >&2
.venv/bin/python -m pip install -q -e ".${extra}" >&2
echo "reelflow is installed in .venv (run .venv/bin/reelflow doctor to check the machine)." >&2
