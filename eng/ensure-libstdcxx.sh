#!/usr/bin/env bash
# Makes sure the system libstdc++ provides GLIBCXX_3.4.32, which TorchSharp 0.107's Linux native
# library (built against GCC 13) needs. Idempotent: when the symbol is present it returns at once.
# On Debian 12 (bookworm) it installs libstdc++6 from Debian 13 (trixie) with an apt pin of
# priority 100, so that nothing else is upgraded from trixie unless asked for.
set -euo pipefail

required="GLIBCXX_3.4.32"

[ "$(uname -s)" = "Linux" ] || exit 0

find_libstdcxx() {
  local candidate
  for candidate in \
    /usr/lib/x86_64-linux-gnu/libstdc++.so.6 \
    /usr/lib/aarch64-linux-gnu/libstdc++.so.6 \
    /usr/lib64/libstdc++.so.6 \
    /usr/lib/libstdc++.so.6; do
    [ -e "$candidate" ] && { readlink -f "$candidate"; return 0; }
  done
  ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 /{print $NF; exit}'
}

has_symbol() {
  local lib
  lib=$(find_libstdcxx) || return 1
  [ -n "$lib" ] && grep -qa "$required" "$lib"
}

has_symbol && exit 0

os_id=""; os_version=""
if [ -r /etc/os-release ]; then
  # shellcheck disable=SC1091
  . /etc/os-release
  os_id="${ID:-}"; os_version="${VERSION_ID:-}"
fi

explain() {
  cat >&2 <<MSG
error: TorchSharp 0.107 needs libstdc++ with $required (GCC 13 or newer), and this system's
       libstdc++ ($(find_libstdcxx || echo "not found")) does not provide it.
       $1
       Systems that have it: Ubuntu 24.04+, Debian 13+, Fedora 39+ (or install GCC 13's libstdc++).
MSG
  exit 1
}

if [ "$os_id" != "debian" ] || [ "$os_version" != "12" ]; then
  explain "This is '${os_id:-unknown} ${os_version:-}': install libstdc++ from GCC 13 or newer with your package manager."
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  explain "On Debian 12 this script installs libstdc++6 from Debian 13 (trixie), which needs root or password-less sudo. Run it once as root: sudo $0"
fi

echo "Installing libstdc++6 from Debian 13 (trixie) with an apt pin of priority 100 (needed by TorchSharp)..." >&2
"${as_root[@]}" tee /etc/apt/sources.list.d/gem-trixie.sources >/dev/null <<SRC
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
"${as_root[@]}" tee /etc/apt/preferences.d/gem-trixie >/dev/null <<PIN
# Added by Gem's build: take packages from trixie only when asked for (libstdc++6 for TorchSharp).
Package: *
Pin: release n=trixie
Pin-Priority: 100
PIN
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/gem-trixie.sources \
  -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 \
  || "${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq -t trixie libstdc++6 >/dev/null

has_symbol || explain "Installing libstdc++6 from trixie did not bring $required."
echo "libstdc++ now provides $required." >&2
