#!/usr/bin/env bash
# Installs the system tools the integration suites drive (the `mariadb` client, `mariadb-admin`,
# `mariadb-show` and sysbench). Idempotent: does nothing when both are already on PATH.
set -euo pipefail

if command -v mariadb >/dev/null 2>&1 && command -v sysbench >/dev/null 2>&1; then
  echo "install-test-deps: mariadb and sysbench already installed"
  exit 0
fi

SUDO=()
if [[ $(id -u) != 0 ]]; then SUDO=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends mariadb-client sysbench
command -v mariadb >/dev/null && command -v sysbench >/dev/null
echo "install-test-deps: installed $(mariadb --version | head -1); sysbench $(sysbench --version)"
