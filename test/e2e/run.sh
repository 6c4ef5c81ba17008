#!/usr/bin/env bash
# Lore end-to-end run: build, ollama-sim, a throwaway copy of test/fixtures/e2e-workspace, the real VS Code
# server (from code-server, installed by setup.sh) on 127.0.0.1, then
#   1. the mocha integration suite inside the extension host (test/e2e/runIntegration.ts),
#   2. the browser scenarios against the workbench (test/e2e/runScenarios.ts).
# Everything started here is killed and every temp folder removed on exit, also on failure or timeout.
# Ends with "e2e: N passed, N failed, N skipped"; exits non-zero when anything failed.
# Env: LORE_E2E_CACHE (tools), LORE_E2E_ONLY (scenario names), LORE_IT_GREP (mocha grep),
#      LORE_E2E_SIM_ARGS (extra ollama-sim flags), LORE_E2E_DRIVER_TIMEOUT_MS (per phase, default 900000),
#      LORE_E2E_LOCALE (display language, e.g. zh-cn: the l10n suite and the zh-cn scenarios; default English).
set -uo pipefail
REPO=$(cd "$(dirname "$0")/../.." && pwd)
cd "$REPO"
# shellcheck source=lib/common.sh
. test/e2e/lib/common.sh
CACHE=${LORE_E2E_CACHE:-$HOME/.cache/lore-e2e}
NODE24="$CACHE/node-24.21.0/bin/node"
SERVER="$CACHE/code-server-4.139.1/node_modules/code-server/lib/vscode/out/server-main.js"
TSX="$REPO/node_modules/.bin/tsx"
SIM_MAIN="test/support/ollamaSim/main.ts"
export LORE_E2E_RESULTS=${LORE_E2E_RESULTS:-$REPO/test-results/e2e}
export LORE_E2E_DRIVER_TIMEOUT_MS=${LORE_E2E_DRIVER_TIMEOUT_MS:-900000}

if [ ! -x "$NODE24" ] || [ ! -f "$SERVER" ]; then
  echo "e2e: tools missing in $CACHE: run test/e2e/setup.sh first"; echo "e2e: 0 passed, 1 failed"; exit 1
fi
# playwright-core: the repo's devDependency, else the copy setup.sh cached.
[ -d "$REPO/node_modules/playwright-core" ] || export NODE_PATH="$CACHE/playwright-core-1.65.1/node_modules${NODE_PATH:+:$NODE_PATH}"

ST=$(mktemp -d "${TMPDIR:-/tmp}/lore-e2e.XXXXXX")
mkdir -p "$ST/home" "$ST/tmp" "$ST/ud/User" "$ST/ud/Machine" "$LORE_E2E_RESULTS"

cleanup() {
  trap - EXIT INT TERM
  local groups
  groups=$(cat "$ST"/*.pgid 2>/dev/null)
  for g in $groups; do kill -TERM -- "-$g" 2>/dev/null; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for g in $groups; do kill -0 -- "-$g" 2>/dev/null && alive=1; done
    ((alive)) || break; sleep 0.3
  done
  for g in $groups; do kill -KILL -- "-$g" 2>/dev/null; done
  # Playwright starts chromium in a process group of its own; anything left that still names our temp
  # folder on its command line (profile dir, server dirs) was started by this run: kill it by pid.
  for pid in $(pgrep -f -- "$ST/" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null; done
  rm -rf "$ST"
}
trap cleanup EXIT
trap 'echo "e2e: interrupted"; exit 130' INT
trap 'echo "e2e: terminated"; exit 143' TERM

now_ms() { date +%s%3N; }
T_ALL=$(now_ms); TIMINGS=()
phase_start() { PHASE=$1; T_PHASE=$(now_ms); echo "== e2e: $PHASE"; }
phase_end() {
  local secs; secs=$(awk -v ms=$(($(now_ms) - T_PHASE)) 'BEGIN { printf "%.1f", ms / 1000 }')
  TIMINGS+=("$PHASE ${secs}s"); echo "== e2e: $PHASE done in ${secs}s"
}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
declare -A COUNTS=()
total_line() {
  local p=0 f=0 s=0 k
  for k in "${!COUNTS[@]}"; do read -r a b c <<<"${COUNTS[$k]}"; p=$((p + a)); f=$((f + b)); s=$((s + c)); done
  echo "e2e timings: ${TIMINGS[*]/%/;} total $(awk -v ms=$(($(now_ms) - T_ALL)) 'BEGIN { printf "%.1f", ms / 1000 }')s"
  echo "e2e: $p passed, $f failed, $s skipped"
}
fail_early() { echo "e2e: $1"; COUNTS[$PHASE]="0 1 0"; total_line; exit 1; }

# Runs a driver in its own process group (so cleanup can kill it with its children) under a watchdog.
run_driver() {
  local name=$1 script=$2 pid watchdog rc
  LORE_E2E_COUNTS_FILE="$ST/counts.$name" setsid "$TSX" "$script" </dev/null &
  pid=$!; echo "$pid" >"$ST/driver-$name.pgid"
  # The watchdog kills its own sleep when cancelled: an orphaned sleep would hold our stdout open for minutes.
  ( trap 'kill "$sp" 2>/dev/null; exit 0' TERM
    sleep $((LORE_E2E_DRIVER_TIMEOUT_MS / 1000 + 30)) & sp=$!; wait "$sp"
    echo "e2e: $name driver timed out"; kill -TERM -- "-$pid" 2>/dev/null ) &
  watchdog=$!
  wait "$pid"; rc=$?
  kill "$watchdog" 2>/dev/null; wait "$watchdog" 2>/dev/null
  COUNTS[$name]=$(cat "$ST/counts.$name" 2>/dev/null || echo "0 1 0")
  return "$rc"
}

phase_start build
npm run --silent build || fail_early "build failed"
phase_end

# From here on, every side file (VS Code's IPC sockets and device id, chromium's profile and crashpad, Lore's
# index under the user's cache dir) lands inside $ST and goes away with it.
export HOME="$ST/home" TMPDIR="$ST/tmp" XDG_CONFIG_HOME="$ST/home/.config" XDG_CACHE_HOME="$ST/home/.cache" \
  XDG_DATA_HOME="$ST/home/.local/share"
unset XDG_RUNTIME_DIR

phase_start ollama-sim
SIM_PORT=$(free_port)
export LORE_E2E_OLLAMA_HOST="http://127.0.0.1:$SIM_PORT" LORE_E2E_SIM_PORT="$SIM_PORT" LORE_E2E_SIM_DIR="$ST"
# Slow enough that a streamed answer is seen growing, fast enough to keep the run short.
export LORE_E2E_SIM_ARGS=${LORE_E2E_SIM_ARGS:---token-latency-ms 15}
if [ -f "$SIM_MAIN" ]; then
  # shellcheck disable=SC2086 # LORE_E2E_SIM_ARGS is a list of flags
  start_sim "$TSX" "$SIM_MAIN" "$SIM_PORT" "$ST" fail_early $LORE_E2E_SIM_ARGS
  export LORE_E2E_OLLAMA_SIM=running
  echo "e2e: ollama-sim on $LORE_E2E_OLLAMA_HOST"
else
  # Nothing listens on that port: Lore sees "Ollama unreachable"; tests that need the sim skip and say why.
  export LORE_E2E_OLLAMA_SIM=absent
  echo "e2e: $SIM_MAIN not found: ollama-sim NOT started; tests that need it will be skipped"
fi
phase_end

phase_start workspace
export LORE_E2E_WORKSPACE="$ST/ws" LORE_E2E_EXTENSION="$REPO"
# The integration suite edits, creates and deletes files and writes workspace settings: it gets its own copy,
# so the browser scenarios start from the pristine fixture (each workspace also has its own Lore index).
cp -R test/fixtures/e2e-workspace "$LORE_E2E_WORKSPACE"
cp -R test/fixtures/e2e-workspace "$ST/ws-it"
write_settings "$ST/ud" "$LORE_E2E_OLLAMA_HOST"
phase_end

phase_start vscode-server
PORT=$(free_port)
LOCALE_ARGS=()
if [ -n "${LORE_E2E_LOCALE:-}" ] && [ "$LORE_E2E_LOCALE" != en ]; then
  export LORE_E2E_LOCALE
  stand_in_language_pack "$ST/ud" "$LORE_E2E_LOCALE"
  LOCALE_ARGS=(--locale "$LORE_E2E_LOCALE")
  echo "e2e: display language $LORE_E2E_LOCALE"
fi
export LORE_E2E_ORIGIN="http://127.0.0.1:$PORT"
# No extension gallery: nothing but loopback is reachable, and VS Code would keep querying one.
EXTENSIONS_GALLERY='{}' setsid "$NODE24" "$SERVER" --host 127.0.0.1 --port "$PORT" --without-connection-token --accept-server-license-terms \
  --enable-smoke-test-driver --user-data-dir "$ST/ud" --server-data-dir "$ST/sd" --extensions-dir "$ST/ext" \
  --disable-telemetry --disable-workspace-trust "${LOCALE_ARGS[@]}" >"$ST/server.log" 2>&1 </dev/null &
echo $! >"$ST/server.pgid"
wait_for_server "$LORE_E2E_ORIGIN" "$ST/server.log" fail_early
echo "e2e: VS Code server on $LORE_E2E_ORIGIN"
phase_end

RC=0
phase_start integration
LORE_E2E_WORKSPACE="$ST/ws-it" run_driver integration test/e2e/runIntegration.ts || RC=1
phase_end

phase_start scenarios
run_driver scenarios test/e2e/runScenarios.ts || RC=1
phase_end

if ((RC)) && [ -s "$ST/server.log" ]; then echo "--- VS Code server log (tail)"; tail -30 "$ST/server.log"; fi
total_line
exit "$RC"
