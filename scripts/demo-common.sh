# Sourced by scripts/demo and scripts/screenshot: the demo homeserver with its seeded French content.
# Sets REPO, CACHE, PY, DEMO_STATE, DEMO_PROFILE, DEMO_HOME; demo_server_up sets DEMO_URL, DEMO_USER,
# DEMO_PASSWORD; demo_server_down stops it.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${ESTAFETTE_CACHE:-$REPO/.cache}"
PY="$CACHE/venv/bin/python"
DEMO_STATE="$CACHE/demo-synapse"
DEMO_PROFILE="$CACHE/demo-profile"
DEMO_HOME="$CACHE/demo-home" # HOME of the private session: keeps the demo keyring between runs
APP="${ESTAFETTE_BUILD_DIR:-$REPO/build}/app/estafette"
XVFB_SCREEN="-screen 0 1280x800x24"

# Starts the demo Synapse, reusing its data when it was seeded before; seeds it otherwise. A new server
# (new port, new accounts) makes the old profile and keyring useless, so they are wiped with it.
demo_server_up() {
  local harness="$REPO/tests/support/synapse_harness.py"
  if [[ "${1:-}" != "--fresh" && -f "$DEMO_STATE/demo.json" ]] && "$PY" "$harness" up "$DEMO_STATE"; then
    :
  else
    rm -rf "$DEMO_PROFILE" "$DEMO_HOME"
    "$PY" "$harness" up --fresh "$DEMO_STATE"
  fi
  local account
  account="$("$PY" "$REPO/tests/support/demo_seed.py" "$DEMO_STATE")"
  DEMO_URL="$(printf '%s' "$account" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["base_url"])')"
  DEMO_USER="$(printf '%s' "$account" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["user_id"])')"
  DEMO_PASSWORD="$(printf '%s' "$account" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["password"])')"
  mkdir -p "$DEMO_PROFILE" "$DEMO_HOME"
}

demo_server_down() {
  [[ -x "$PY" ]] && "$PY" "$REPO/tests/support/synapse_harness.py" down "$DEMO_STATE" || true
}
