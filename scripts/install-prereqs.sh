#!/usr/bin/env bash
# Installs the system packages the test suite uses, where they are missing: Chromium (browser tests),
# Debian's docker-registry (a real OCI registry), age (SOPS fixtures), git (the git server), openssh-server
# (the git server over ssh) and openssh-client (git's ssh transport), openssl (test PKI), haproxy (the load balancer in front of several hub replicas). Needs root and apt-get; elsewhere it prints what to install and exits non-zero if anything is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v age >/dev/null 2>&1 || need+=(age)
command -v git >/dev/null 2>&1 || need+=(git)
[ -x /usr/lib/git-core/git-http-backend ] || need+=(git)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v ssh >/dev/null 2>&1 || need+=(openssh-client)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v useradd >/dev/null 2>&1 || need+=(passwd)
[ -x /usr/sbin/haproxy ] || need+=(haproxy)

if [ ${#need[@]} -eq 0 ]; then
  echo "[install-prereqs] system packages present"
  exit 0
fi
mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[install-prereqs] installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" ca-certificates >/dev/null
else
  echo "[install-prereqs] please install: ${need[*]} (Debian/Ubuntu package names)" >&2
  exit 1
fi
