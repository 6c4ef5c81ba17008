# Shell pieces shared by test/e2e/run.sh and test/e2e/vsix.sh (sourced, not run).

# write_settings <user-data-dir> <ollama-host>: quiet workbench defaults plus Lore's Ollama host, as User and
# as Machine settings. Remote "Machine" settings (<user-data-dir>/Machine) are what the server's extension host
# applies to machine(-overridable) settings such as lore.ollamaHost; User settings there would be ignored for
# those. Auto save is off: the web workbench auto-saves by default, which races tests that edit files.
write_settings() {
  local settings
  settings=$(cat <<JSON
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "files.autoSave": "off",
  "lore.ollamaHost": "$2"
}
JSON
)
  mkdir -p "$1/User" "$1/Machine"
  echo "$settings" >"$1/User/settings.json"
  echo "$settings" >"$1/Machine/settings.json"
}

# start_sim <tsx> <sim-main> <port> <state-dir> <on-failure-command> [sim flags...]: starts ollama-sim in its
# own process group (pgid in <state-dir>/sim.pgid for cleanup) and waits until it listens.
start_sim() {
  local tsx=$1 main=$2 port=$3 dir=$4 on_fail=$5
  shift 5
  setsid "$tsx" "$main" --port "$port" "$@" >"$dir/sim.log" 2>&1 </dev/null &
  echo $! >"$dir/sim.pgid"
  for _ in $(seq 1 150); do grep -q "ollama-sim listening on" "$dir/sim.log" && return 0; sleep 0.2; done
  tail -20 "$dir/sim.log"
  "$on_fail" "ollama-sim did not start"
}

# wait_for_server <origin> <server-log> <on-failure-command>: waits up to 60 s for the VS Code server to answer.
wait_for_server() {
  for _ in $(seq 1 300); do curl -sf -o /dev/null "$1/" && return 0; sleep 0.2; done
  tail -30 "$2"
  "$3" "VS Code server did not start"
}

# stand_in_language_pack <user-data-dir> <locale>: makes the VS Code server accept <locale> as display
# language. It keeps a non-English locale only when languagepacks.json lists a pack for it; this one has an
# empty core translation (the workbench stays English), so only extensions' own nls/l10n files change
# language: what Lore's zh-cn tests need, offline. Run the server with --locale <locale>.
stand_in_language_pack() {
  mkdir -p "$1/lore-lp"
  echo '{"contents":{}}' >"$1/lore-lp/main.i18n.json"
  cat >"$1/languagepacks.json" <<JSON
{ "$2": { "hash": "lore-e2e-$2", "label": "$2", "extensions": [{ "extensionIdentifier": { "id": "lore-e2e.language-pack-$2" }, "version": "0.0.0" }],
  "translations": { "vscode": "$1/lore-lp/main.i18n.json" } } }
JSON
}
