#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Manim, the handouts and the player's browser test need,
# only those that are missing. With --test (make test) also the packages only the tests use.
# Idempotent: with everything present it prints one line and exits at once.
set -euo pipefail

with_tests=0
for arg in "$@"; do
    case "$arg" in
        --test) with_tests=1 ;;
        *) echo "setup-system: unknown option '$arg' (accepted: --test)" >&2; exit 2 ;;
    esac
done

packages=(
    build-essential pkg-config libcairo2-dev libpango1.0-dev
    ffmpeg fonts-noto-cjk
    texlive-latex-base texlive-latex-recommended texlive-latex-extra
    texlive-fonts-recommended dvisvgm
    # the handouts are printed by headless Chromium (scenes/tools/handout.py); the lecture
    # player's test (tests/tools/test_player.py) drives it through chromium-driver
    chromium chromium-driver
)
if [[ $with_tests -eq 1 ]]; then
    packages+=(
        # the decks' test (tests/tools/test_classroom.py): LibreOffice Impress converts each
        # deck to PDF, pdfinfo/pdftoppm read its pages (and the handouts' pages:
        # tests/tools/test_handout.py); GNU parallel runs the render plan
        libreoffice-impress-nogui poppler-utils parallel
    )
fi

# The Python that will build the venv: a distribution Python needs python3-venv for
# `python3 -m venv` and python3-dev for building pycairo/manimpango from source.
# A self-built Python (pyenv, python.org) has both, so nothing is added for it.
if ! command -v python3 >/dev/null 2>&1; then
    packages+=(python3 python3-venv python3-dev)
else
    # prints the packages this python3 lacks, in one interpreter start
    # shellcheck disable=SC2207
    packages+=($(python3 - <<'PY' 2>/dev/null || true
import importlib.util, os, sysconfig
need = []
if importlib.util.find_spec("ensurepip") is None:
    need.append("python3-venv")
if not os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h")):
    need.append("python3-dev")
print(" ".join(need))
PY
    ))
fi

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    # one dpkg-query call for all packages; unknown packages print nothing
    declare -A installed=()
    while read -r name state; do
        [[ "$state" == "install ok installed" ]] && installed["${name%%:*}"]=1
    done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
    for p in "${packages[@]}"; do
        [[ -n "${installed[$p]:-}" ]] || missing+=("$p")
    done
else
    missing=("${packages[@]}")
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "setup-system: all ${#packages[@]} system packages present"
    exit 0
fi

cannot_install() {
    echo "setup-system: cannot install system packages: $1" >&2
    echo "setup-system: please install these Debian/Ubuntu packages (or their equivalents):" >&2
    echo "    ${missing[*]}" >&2
    echo "setup-system: e.g. sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
}

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    cannot_install "this is not a Debian-like system (no dpkg-query/apt-get)"
fi

sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo_cmd=(sudo)
    else
        cannot_install "not running as root and sudo is not available"
    fi
fi

echo "setup-system: installing ${missing[*]}"
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
echo "setup-system: done"
