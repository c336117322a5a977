#!/usr/bin/env bash
# The editor tests in a real VS Code (code-server + headless Chromium): what `npm run test:integration` runs.
# Installs the tools once (scripts/e2e/setup.sh), builds, then runs both runners; fails if either fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

bash scripts/e2e/setup.sh
npm run build

status=0
echo "== extension tests (mocha inside the extension host) =="
node test/e2e/run-extension-tests.mjs || status=1
echo "== UI tests (through the browser) =="
node test/e2e/run-ui-tests.mjs || status=1
exit "$status"
