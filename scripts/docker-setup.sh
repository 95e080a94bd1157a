#!/usr/bin/env bash
# Sets up a local Docker engine and the fleet-audit/jre:17 base image on a machine where nothing
# can be pulled from Docker Hub (see docs/QUICKSTART.md, "Containers"). Idempotent: every step is
# skipped when its result is already there. Needs root (apt-get, dockerd).
#
#   scripts/docker-setup.sh            # install, start dockerd, build the base image
#   FLEET_AUDIT_JRE_IMAGE=x:y scripts/docker-setup.sh
#
# Tests that need Docker skip with a clear reason when this script was not run (or failed), so a
# failure here is reported but never hides the rest of the build: callers may `|| true` it.
set -euo pipefail

IMAGE="${FLEET_AUDIT_JRE_IMAGE:-fleet-audit/jre:17}"
SUITE="${FLEET_AUDIT_DEBIAN_SUITE:-bookworm}"
LOG_DIR="${FLEET_AUDIT_DOCKER_LOG_DIR:-/var/log/fleet-audit}"
DOCKERD_LOG="$LOG_DIR/dockerd.log"
START=$(date +%s)

say() { echo "[docker-setup +$(( $(date +%s) - START ))s] $*"; }
die() { echo "[docker-setup] ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (apt-get install and dockerd need it)"
mkdir -p "$LOG_DIR"

# The Debian mirror this machine already uses (deb822 'URIs:' or one-line 'deb URL suite'), so
# debootstrap fetches from the same place apt does.
debian_mirror() {
  local m=""
  if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    m=$(awk '/^URIs:/ {print $2}' /etc/apt/sources.list.d/*.sources | grep -v -- '-security' | grep '/debian' | head -n1 || true)
  fi
  if [ -z "$m" ] && [ -f /etc/apt/sources.list ]; then
    m=$(awk '$1=="deb" && $2 !~ /^\[/ {print $2}' /etc/apt/sources.list | grep -v -- '-security' | grep '/debian' | head -n1 || true)
  fi
  echo "${m:-http://deb.debian.org/debian}"
}

# 1. Packages.
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
if [ ${#need[@]} -gt 0 ]; then
  say "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  say "installed ${need[*]}"
else
  say "docker.io, debootstrap and docker-compose already installed"
fi

# 2. The engine. --bridge=none: no docker0 bridge and no private address range (containers use
# host networking and reach services on 127.0.0.1); --iptables=false: nothing to configure here.
if docker info >/dev/null 2>&1; then
  say "docker engine already answering"
else
  say "starting dockerd (log: $DOCKERD_LOG)"
  setsid dockerd --bridge=none --iptables=false >>"$DOCKERD_LOG" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -n 20 "$DOCKERD_LOG" >&2 || true; die "dockerd did not answer within 60 s"; }
  say "docker engine up ($(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?'))"
fi

# 3. The JRE base image, built from Debian packages because no image can be pulled.
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  say "image $IMAGE already present"
else
  MIRROR=$(debian_mirror)
  ROOTFS=$(mktemp -d /tmp/fleet-audit-rootfs.XXXXXX)
  trap 'rm -rf "$ROOTFS"' EXIT
  say "debootstrap $SUITE from $MIRROR into $ROOTFS (about 45 s)"
  debootstrap --variant=minbase --include=openjdk-17-jre-headless "$SUITE" "$ROOTFS" "$MIRROR" \
    > "$LOG_DIR/debootstrap.log" 2>&1 || { tail -n 20 "$LOG_DIR/debootstrap.log" >&2; die "debootstrap failed"; }
  # Nothing in the image needs apt caches or docs; a smaller import is a faster import.
  rm -rf "$ROOTFS"/var/cache/apt/archives/*.deb "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/*
  say "importing $IMAGE"
  tar -C "$ROOTFS" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
    - "$IMAGE" >/dev/null
  say "image $IMAGE built ($(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MB", $1/1000000}'))"
fi

say "done: export TESTCONTAINERS_HOST_OVERRIDE=localhost TESTCONTAINERS_RYUK_DISABLED=true to use it from tests"
