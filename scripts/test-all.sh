#!/usr/bin/env bash
# npm test: type check, unit/model/statistics tests, a full build on the default data, then the
# browser tests against dist/ in Debian's Chromium (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
export TZ=UTC

echo "== type check"
npx tsc -p tsconfig.json

echo "== unit, model and statistics tests"
npx vitest run

echo "== build the site on the default data"
npm run build

echo "== browser tests"
bash scripts/ensure-chromium.sh
npx vitest run --config vitest.e2e.config.ts
