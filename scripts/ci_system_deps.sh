#!/bin/sh
# Install the system packages the end-to-end tests and benchmarks need, when missing:
# tmux, sshd (openssh-server), ssh/ssh-keygen (openssh-client), less, and
# chromium (the headless-browser test of `parlread serve`; driven over its
# DevTools protocol, so no chromium-driver).
# Idempotent and quiet; safe in CI (CI=true, no stdin, root). Runs `apt-get update` at most once.
set -eu

need=""
command -v tmux >/dev/null 2>&1 || need="$need tmux"
{ [ -x /usr/sbin/sshd ] || command -v sshd >/dev/null 2>&1; } || need="$need openssh-server"
{ command -v ssh >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1; } || need="$need openssh-client"
command -v less >/dev/null 2>&1 || need="$need less"
{ command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; } || need="$need chromium"

if [ -z "$need" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ci_system_deps: missing:$need (no apt-get here; install them by hand)" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "ci_system_deps: missing:$need and not root (no sudo)" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
log="${TMPDIR:-/tmp}/ci_system_deps.$$.log"
# shellcheck disable=SC2086
if ! { $SUDO apt-get update -qq && \
       $SUDO apt-get install -y -qq --no-install-recommends $need; } </dev/null >"$log" 2>&1; then
    echo "ci_system_deps: failed to install:$need (log below)" >&2
    tail -n 20 "$log" >&2
    rm -f "$log"
    exit 1
fi
rm -f "$log"
echo "ci_system_deps: installed:$need"
