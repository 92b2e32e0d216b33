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
# The Python suites, each in the venv the project makes under MEDALLION_HOME: the Airflow DAGs'
# (pytest, DagBag; the venv `medallion airflow install` made above) and the Spark audit job's
# (pytest on a local Spark; test/run-pytest.ts installs the spark venv on first use). A run
# narrowed to some vitest files or projects (`npm test -- …`) is about those alone.
airflow_status=skipped
spark_status=skipped
if [ "$#" -eq 0 ]; then
  echo "== airflow DAG tests (pytest)"
  airflow_status=0
  "${MEDALLION_HOME:-.medallion}/venv/airflow/bin/python" -m pytest -q -p no:cacheprovider orchestration/airflow/tests || airflow_status=$?
  echo "== spark audit job tests (pytest)"
  spark_status=0
  npx tsx test/run-pytest.ts || spark_status=$?
fi
# One plain closing line that any CI reads the same way.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped; suites failed: ${r.numFailedTestSuites}`);
' || true
verdict() { case "$1" in 0) echo passed ;; skipped) echo "not run (narrowed run)" ;; *) echo "FAILED (exit $1)" ;; esac; }
echo "airflow DAG tests (pytest): $(verdict "$airflow_status")"
echo "spark audit job tests (pytest): $(verdict "$spark_status")"
for python_status in "$airflow_status" "$spark_status"; do
  case "$python_status" in 0 | skipped) ;; *) status=1 ;; esac
done
exit "$status"
