#!/usr/bin/env bash
# Installs what the test suites need on a fresh machine of this project's kind
# (Debian, Node 20, Java 17, Maven): system packages, then the npm tree.
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# librdkafka's build deps: @confluentinc/kafka-javascript builds it from source.
packages=(zlib1g-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev)
# The dashboard's browser tests drive Debian's headless Chromium (playwright-core, no browser download).
packages+=(chromium)
# The Spark audit's venv (stack/python-venv.ts; PySpark from PyPI, built on first use).
packages+=(python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: Debian packages ${missing[*]} are missing and this is not root." >&2
    echo "  fix: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Build librdkafka against the system libraries instead of downloading a prebuilt binary.
export CKJS_LINKING=dynamic
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "installing npm packages (npm ci; builds librdkafka, a few minutes the first time)"
  npm ci --no-audit --no-fund
fi
# An earlier plain `npm install` (the README's first command) on a machine without
# librdkafka's build libraries or CKJS_LINKING=dynamic left the optional client out
# (npm drops a failed optional package without a word): install it again from the
# lock file, now that both are in place. `npm install` restores exactly what is missing.
if ! node -e "require('@confluentinc/kafka-javascript')" 2>/dev/null; then
  echo "building @confluentinc/kafka-javascript from source (missing or unbuilt after an earlier npm install; a few minutes)"
  if [ -d node_modules/@confluentinc/kafka-javascript ]; then
    npm rebuild @confluentinc/kafka-javascript
  else
    npm install --no-audit --no-fund
  fi
  node -e "require('@confluentinc/kafka-javascript')"
fi

# Apache Airflow for the DAG tests: stack/python/airflow.txt from PyPI into .medallion/venv/airflow
# (about 4 minutes the first time; pip's cache in ~/.cache/pip makes a new venv take about 1).
node cli/bin/medallion.cjs airflow install
