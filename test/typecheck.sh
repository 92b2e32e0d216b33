#!/usr/bin/env bash
# `npm run typecheck`: the whole project with tsc. The optional Kafka client brings its own
# declarations; where an earlier `npm install` left it out (its native build needs
# librdkafka's build libraries), the check runs against a stand-in for them instead, so
# type checking never depends on whether the client was built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f node_modules/@confluentinc/kafka-javascript/index.d.ts ]; then
  exec npx tsc --noEmit
fi
echo "typecheck: @confluentinc/kafka-javascript is not installed; its declarations are stood in for by transport/kafka/kafka-javascript-absent.d.ts"
exec npx tsc --noEmit -p tsconfig.kafka-client-absent.json
