#!/usr/bin/env bash
# Network namespaces for the test Docker hosts of test/support/docker-hosts.ts (run as root).
#
#   docker-host-ns.sh up NAME INDEX   netns berth-th-NAME whose eth0 has 10.203.0.(10+INDEX)/24, the
#                                     peer of veth bth-NAME on bridge berth-th0 (10.203.0.1/24, root netns)
#   docker-host-ns.sh down NAME       stops NAME's dockerd, kills what is left of it (processes in its netns
#                                     and in its cgroups), unmounts, deletes its netns, cgroups and directories
#   docker-host-ns.sh prune           down for every berth-th-* host, then the bridge and its iptables rule
#
# Only objects named berth-th* (bth-* for veths) are ever touched.
set -euo pipefail

PREFIX=berth-th
BRIDGE=berth-th0
NET=10.203.0
RUN_DIR=/run/berth-test-hosts
DATA_DIR=/var/lib/berth-test-hosts
# Docker sets FORWARD's policy to DROP and br_netfilter sends bridged frames through it: without
# this rule the hosts could not reach each other over the bridge (root <-> host traffic never forwards).
# In DOCKER-USER when the system engine made it: that chain is the one Docker leaves alone.
ACCEPT_RULE=(-i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$PREFIX" -j ACCEPT)
forward_chain() { if iptables -n -L DOCKER-USER >/dev/null 2>&1; then echo DOCKER-USER; else echo FORWARD; fi; }

die() { echo "docker-host-ns: $*" >&2; exit 1; }
check_name() { [[ "$1" =~ ^[a-z0-9]{1,8}$ ]] || die "bad host name '$1' (1-8 of a-z, 0-9)"; }

ensure_bridge() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link add "$BRIDGE" type bridge
    ip addr add "$NET.1/24" dev "$BRIDGE"
    ip link set "$BRIDGE" up
  fi
  local chain
  chain=$(forward_chain)
  iptables -C "$chain" "${ACCEPT_RULE[@]}" 2>/dev/null || iptables -I "$chain" "${ACCEPT_RULE[@]}"
}

up() {
  local name=$1 index=$2 ns=$PREFIX-$1
  [[ "$index" =~ ^[0-9]+$ ]] && [ "$index" -le 200 ] || die "bad index '$index'"
  mkdir -p "$RUN_DIR"
  # Hosts start in parallel: one creates the bridge, the others wait for it.
  exec 9>"$RUN_DIR/.lock"
  flock 9
  ensure_bridge
  flock -u 9
  ip netns add "$ns"
  ip link add "bth-$name" type veth peer name eth0 netns "$ns"
  ip link set "bth-$name" master "$BRIDGE" up
  ip -n "$ns" addr add "$NET.$((10 + index))/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
}

# Processes of a host: everything in its netns (dockerd, containerd, shims, docker-proxy), then
# containers, which have netns of their own but live in the host's cgroups.
kill_host_processes() {
  local name=$1 ns=$PREFIX-$1 pid dir
  pid=$(cat "$RUN_DIR/$name/docker.pid" 2>/dev/null || true)
  # The pidfile may be stale: only a process inside the host's netns is this host's dockerd.
  if [ -n "$pid" ] && [ "$(ip netns identify "$pid" 2>/dev/null)" = "$ns" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  if [ -e "/run/netns/$ns" ]; then
    for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
  fi
  for dir in /sys/fs/cgroup/"$ns" /sys/fs/cgroup/*/"$ns"; do
    [ -d "$dir" ] || continue
    find "$dir" -name cgroup.procs -exec cat {} + 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
  done
}

down() {
  local name=$1 ns=$PREFIX-$1 dir mnt
  kill_host_processes "$name"
  # A daemon that died uncleanly leaves its overlay and netns mounts behind; deepest first.
  for mnt in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($RUN_DIR|$DATA_DIR)/$name(/|$)" | sort -r); do
    umount -l "$mnt" 2>/dev/null || true
  done
  if [ -e "/run/netns/$ns" ]; then ip netns del "$ns"; fi
  ip link del "bth-$name" 2>/dev/null || true # gone with the netns, unless the netns was lost first
  for dir in /sys/fs/cgroup/"$ns" /sys/fs/cgroup/*/"$ns"; do
    [ -d "$dir" ] && find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done
  rm -rf "${RUN_DIR:?}/$name" "${DATA_DIR:?}/$name"
}

prune() {
  local name names chain
  names=$( { ip netns list | awk '{print $1}' | sed -n "s/^$PREFIX-//p"
             ls "$RUN_DIR" "$DATA_DIR" 2>/dev/null | grep -E '^[a-z0-9]{1,8}$'
             ip -o link show | awk -F': ' '{print $2}' | sed -n 's/^bth-\([a-z0-9]*\)@.*/\1/p'; } | sort -u)
  for name in $names; do down "$name"; done
  ip link del "$BRIDGE" 2>/dev/null || true
  for chain in DOCKER-USER FORWARD; do
    while iptables -D "$chain" "${ACCEPT_RULE[@]}" 2>/dev/null; do :; done
  done
  rm -rf "$RUN_DIR" "$DATA_DIR"
}

[ "$(id -u)" = 0 ] || die "must run as root"
case "${1:-}" in
  up) [ $# = 3 ] || die "usage: $0 up NAME INDEX"; check_name "$2"; up "$2" "$3" ;;
  down) [ $# = 2 ] || die "usage: $0 down NAME"; check_name "$2"; down "$2" ;;
  prune) prune ;;
  *) die "usage: $0 up NAME INDEX | down NAME | prune" ;;
esac
