#!/usr/bin/env bash
# Install Debian's chromium, fonts-noto-cjk and nginx when missing (browser and scale-out
# tests). Never `playwright install`: it downloads a browser build these machines cannot fetch.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
install() {
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
echo "installing ${missing[*]} with apt-get"
install || { echo "apt-get failed; retrying once in 10 s"; sleep 10; install; }
