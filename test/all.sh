#!/usr/bin/env bash
# `npm test`: everything CI runs, in order, each step timed. A failing step does not stop the later ones (one
# run shows every problem); the exit code is non-zero if any step failed.
#   lint, typecheck, build, unit        = `npm run test:quick` (fast local loop)
#   faults                              crash/kill/fault-injection tests of the indexer (test/faults)
#   e2e-setup                           installs Chromium, Node 24, code-server on a fresh machine (cached)
#   webview                             the chat panel in headless Chromium (test/webview)
#   e2e                                 integration suite in the real VS Code extension host + browser scenarios
#   vsix                                packages the VSIX, installs it into the VS Code server, asks a question
# LORE_TEST_STEPS="lint unit" runs only those steps.
set -uo pipefail
cd "$(dirname "$0")/.."

STEPS=${LORE_TEST_STEPS:-lint typecheck build unit faults e2e-setup webview e2e vsix}
declare -A CMD=(
  [lint]="npx eslint ."
  [typecheck]="npx tsc -p . --noEmit"
  [build]="node esbuild.mjs"
  [unit]="npm run --silent test:unit"
  [faults]="npm run --silent test:faults"
  [e2e-setup]="bash test/e2e/setup.sh"
  [webview]="npx tsx test/webview/run.ts"
  [e2e]="bash test/e2e/run.sh"
  [vsix]="bash test/e2e/vsix.sh"
)

now() { date +%s%3N; }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
T0=$(now)
SUMMARY=()
FAILED=()
for step in $STEPS; do
  cmd=${CMD[$step]:-}
  if [ -z "$cmd" ]; then echo "test: unknown step '$step' (known: ${!CMD[*]})"; exit 2; fi
  echo "==== test: $step ($cmd)"
  t=$(now)
  $cmd
  rc=$?
  took=$(secs $(($(now) - t)))
  if ((rc)); then FAILED+=("$step"); SUMMARY+=("$(printf '%-10s %7ss  FAILED (exit %s)' "$step" "$took" "$rc")")
  else SUMMARY+=("$(printf '%-10s %7ss  ok' "$step" "$took")"); fi
  echo "==== test: $step finished in ${took}s (exit $rc)"
done

echo
echo "==== test timings"
printf '  %s\n' "${SUMMARY[@]}"
echo "  total      $(secs $(($(now) - T0)))s"
if ((${#FAILED[@]})); then
  echo "test: FAILED steps: ${FAILED[*]}"
  exit 1
fi
echo "test: all steps passed"
