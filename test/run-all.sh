#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need, checks
# types and lint, then runs every suite. The integration suite starts the local
# stack itself (test/integration/stack-setup.ts) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/install-prerequisites.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== tests"; npx vitest run "$@"
