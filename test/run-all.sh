#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need, checks
# types and lint, then runs every suite. The integration suite starts the local
# stack itself (test/integration/stack-setup.ts) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/install-prerequisites.sh
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== tests"
status=0
# The Spark audit's job (audit/spark/) has Python unit tests: pytest on a local Spark, in the spark venv
# (installed on first use; later runs reuse it and ivy's cache under MEDALLION_HOME).
echo "== spark audit unit tests (pytest)"
pytest_status=0
npx tsx test/run-pytest.ts || pytest_status=$?
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
echo "pytest (audit/spark): $([ "$pytest_status" = 0 ] && echo passed || echo "FAILED (exit $pytest_status)")"
# One plain closing line that any CI reads the same way.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped; suites failed: ${r.numFailedTestSuites}`);
' || true
[ "$pytest_status" = 0 ] || status=1
exit "$status"
