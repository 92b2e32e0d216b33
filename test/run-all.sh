#!/usr/bin/env bash
# The README's test command (`npm test`): installs what the tests need, checks
# types and lint, then runs every suite. The integration suite starts the local
# stack itself (test/integration/stack-setup.ts) and stops it afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

bash test/install-prerequisites.sh
echo "== typecheck"; bash test/typecheck.sh
echo "== lint"; npx eslint .
echo "== tests"
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@" || status=$?
# The Airflow DAGs' own tests (pytest, DagBag) in the venv `medallion airflow install` made.
echo "== airflow DAG tests (pytest)"
pytest_status=0
"${MEDALLION_HOME:-.medallion}/venv/airflow/bin/python" -m pytest -q -p no:cacheprovider orchestration/airflow/tests || pytest_status=$?
[ "$pytest_status" -eq 0 ] || status=$pytest_status
# One plain closing line that any CI reads the same way.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped; suites failed: ${r.numFailedTestSuites}`);
' || true
echo "airflow DAG tests (pytest): $([ "$pytest_status" -eq 0 ] && echo passed || echo "FAILED (exit $pytest_status)")"
exit "$status"
