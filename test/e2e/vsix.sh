#!/usr/bin/env bash
# Installs the packaged VSIX (`npm run package`) into the real VS Code server of the e2e harness and asks it a
# question in a workbench opened WITHOUT extensionDevelopmentPath: what a user who installs lore.vsix gets.
# Same tools (test/e2e/setup.sh cache), ollama-sim, fixture workspace and cleanup as test/e2e/run.sh.
# Env: LORE_VSIX=path skips packaging and tests that file; LORE_E2E_CACHE, CHROMIUM as in run.sh.
# Ends with "vsix: N passed, N failed, N skipped"; exits non-zero on failure.
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
# shellcheck source=lib/common.sh
. test/e2e/lib/common.sh
CACHE=${LORE_E2E_CACHE:-$HOME/.cache/lore-e2e}
NODE24="$CACHE/node-24.21.0/bin/node"
SERVER="$CACHE/code-server-4.139.1/node_modules/code-server/lib/vscode/out/server-main.js"
TSX="$REPO/node_modules/.bin/tsx"
export LORE_E2E_RESULTS=${LORE_E2E_RESULTS:-$REPO/test-results/e2e}
export LORE_E2E_DRIVER_TIMEOUT_MS=${LORE_E2E_DRIVER_TIMEOUT_MS:-240000}
T0=$(date +%s%3N)
say() { echo "vsix: $*"; }
secs() { awk -v ms=$(($(date +%s%3N) - $1)) 'BEGIN { printf "%.1f", ms / 1000 }'; }
fail() { say "$1"; say "0 passed, 1 failed, 0 skipped"; exit 1; }

[ -x "$NODE24" ] && [ -f "$SERVER" ] || fail "tools missing in $CACHE: run test/e2e/setup.sh first"
[ -d "$REPO/node_modules/playwright-core" ] || export NODE_PATH="$CACHE/playwright-core-1.65.1/node_modules${NODE_PATH:+:$NODE_PATH}"

ST=$(mktemp -d "${TMPDIR:-/tmp}/lore-vsix.XXXXXX")
mkdir -p "$ST/home" "$ST/tmp" "$ST/ud/User" "$ST/ud/Machine" "$LORE_E2E_RESULTS"
cleanup() {
  trap - EXIT INT TERM
  local g groups
  groups=$(cat "$ST"/*.pgid 2>/dev/null)
  for g in $groups; do kill -TERM -- "-$g" 2>/dev/null; done
  sleep 0.5
  for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
  # Chromium runs in a process group of its own; whatever still names our temp folder was started by us.
  for pid in $(pgrep -f -- "$ST/" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  rm -rf "$ST"
}
trap cleanup EXIT
trap 'say interrupted; exit 130' INT
trap 'say terminated; exit 143' TERM

# 1. The VSIX, built exactly as a release is.
if [ -n "${LORE_VSIX:-}" ]; then
  VSIX=$(cd "$(dirname "$LORE_VSIX")" && pwd)/$(basename "$LORE_VSIX")
else
  t=$(date +%s%3N)
  npm run --silent package >"$ST/package.log" 2>&1 || { tail -30 "$ST/package.log"; fail "npm run package failed"; }
  VSIX="$REPO/lore.vsix"
  say "packaged in $(secs "$t")s"
fi
[ -f "$VSIX" ] || fail "no VSIX at $VSIX"
say "$VSIX ($(du -k "$VSIX" | cut -f1) KiB)"

export HOME="$ST/home" TMPDIR="$ST/tmp" XDG_CONFIG_HOME="$ST/home/.config" XDG_CACHE_HOME="$ST/home/.cache" \
  XDG_DATA_HOME="$ST/home/.local/share"
unset XDG_RUNTIME_DIR
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
SERVER_ARGS=(--accept-server-license-terms --user-data-dir "$ST/ud" --server-data-dir "$ST/sd" --extensions-dir "$ST/ext")

# 2. Install it with the server's own CLI, as `code --install-extension` would.
t=$(date +%s%3N)
EXTENSIONS_GALLERY='{}' "$NODE24" "$SERVER" "${SERVER_ARGS[@]}" --install-extension "$VSIX" >"$ST/install.log" 2>&1 \
  || { cat "$ST/install.log"; fail "--install-extension failed"; }
INSTALLED=$(ls -d "$ST"/ext/lore-dev.lore-* 2>/dev/null | head -1)
[ -n "$INSTALLED" ] && [ -f "$INSTALLED/dist/extension.js" ] || { cat "$ST/install.log"; fail "Lore not found in the extensions dir"; }
say "installed $(basename "$INSTALLED") in $(secs "$t")s"

# 3. ollama-sim, the fixture workspace, settings (as run.sh).
SIM_PORT=$(free_port)
export LORE_E2E_OLLAMA_HOST="http://127.0.0.1:$SIM_PORT" LORE_E2E_SIM_PORT="$SIM_PORT" LORE_E2E_SIM_DIR="$ST" LORE_E2E_OLLAMA_SIM=running
start_sim "$TSX" test/support/ollamaSim/main.ts "$SIM_PORT" "$ST" fail
export LORE_E2E_WORKSPACE="$ST/ws" LORE_E2E_EXTENSION="$INSTALLED"
cp -R test/fixtures/e2e-workspace "$LORE_E2E_WORKSPACE"
write_settings "$ST/ud" "$LORE_E2E_OLLAMA_HOST"

# 4. The server, with the extensions dir that now holds the installed VSIX.
PORT=$(free_port)
export LORE_E2E_ORIGIN="http://127.0.0.1:$PORT"
EXTENSIONS_GALLERY='{}' setsid "$NODE24" "$SERVER" "${SERVER_ARGS[@]}" --host 127.0.0.1 --port "$PORT" --without-connection-token \
  --enable-smoke-test-driver --disable-telemetry --disable-workspace-trust >"$ST/server.log" 2>&1 </dev/null &
echo $! >"$ST/server.pgid"
wait_for_server "$LORE_E2E_ORIGIN" "$ST/server.log" fail

# 5. The browser check, in its own process group under a watchdog.
t=$(date +%s%3N)
LORE_E2E_COUNTS_FILE="$ST/counts" setsid "$TSX" test/e2e/vsixCheck.ts </dev/null &
pid=$!; echo "$pid" >"$ST/driver.pgid"
( trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep $((LORE_E2E_DRIVER_TIMEOUT_MS / 1000 + 30)) & sp=$!; wait "$sp"
  say "driver timed out"; kill -TERM -- "-$pid" 2>/dev/null ) &
watchdog=$!
wait "$pid"; RC=$?
kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
say "check took $(secs "$t")s, total $(secs "$T0")s"
if ((RC)); then echo "--- VS Code server log (tail)"; tail -30 "$ST/server.log"; fi
read -r P F S <"$ST/counts" 2>/dev/null || { P=0; F=1; S=0; }
say "$P passed, $F failed, $S skipped"
exit "$RC"
