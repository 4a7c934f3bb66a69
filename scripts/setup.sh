#!/usr/bin/env bash
# Installs what Berth and its tests need on a fresh Debian/Ubuntu machine, then makes sure
# the Docker Engine is running. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    say "missing Debian packages: $* (run as root, or install them: apt-get install $*)"
    return 1
  fi
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx httpd || need+=(busybox-static)
[ -x /usr/bin/aws ] || need+=(awscli)
command -v tar >/dev/null 2>&1 || need+=(tar)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
command -v haproxy >/dev/null 2>&1 || need+=(haproxy)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
# The multi-host test harness (test/support/docker-hosts.ts): TLS certificates and the engine's ssh transport.
command -v iptables >/dev/null 2>&1 || need+=(iptables)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
if [ ${#need[@]} -gt 0 ]; then apt_install "${need[@]}"; fi
# The ssh transport's test starts its own sshd on a test host's address; the package's own
# service, which Debian enables and starts, is switched off again when this script installed it.
if [ ! -x /usr/sbin/sshd ] && apt_install openssh-server && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now ssh >/dev/null 2>&1 || true
fi

# Only packages whose lock entries differ from node_modules need installing.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

docker_ready() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }
if [ -z "${DOCKER_HOST:-}" ] && ! docker_ready; then
  if [ "$(id -u)" != 0 ]; then
    say "the Docker Engine is not running and only root can start it"
    exit 1
  fi
  say "starting dockerd"
  mkdir -p /var/log
  nohup dockerd >/var/log/berth-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker_ready && break; sleep 0.5; done
  docker_ready || { say "dockerd did not start; see /var/log/berth-dockerd.log"; tail -20 /var/log/berth-dockerd.log; exit 1; }
fi
say "ready (Docker $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo "at $DOCKER_HOST"))"
