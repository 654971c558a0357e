#!/usr/bin/env bash
# Installs the system tools the integration suites drive (the `mariadb` client, `mariadb-admin`,
# `mariadb-show` and sysbench). Idempotent: does nothing when both are already on PATH.
set -euo pipefail

have_all() {
  local tool
  for tool in mariadb mariadb-admin mariadb-show sysbench; do
    command -v "$tool" >/dev/null 2>&1 || return 1
  done
}

if have_all; then
  echo "install-test-deps: mariadb client tools and sysbench already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) != 0 ]]; then SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends mariadb-client sysbench
have_all || { echo "install-test-deps: tools still missing after apt-get install" >&2; exit 1; }
echo "install-test-deps: installed $(mariadb --version | head -1); sysbench $(sysbench --version)"
