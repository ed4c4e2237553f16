#!/usr/bin/env bash
# The one test command (npm test): type checks, build, unit tests, end-to-end
# tests in Chromium. Every step runs even after a failure so the summary always
# prints; the exit code is non-zero if any step failed.
set -uo pipefail
cd "$(dirname "$0")/.."
export NO_COLOR=1
mkdir -p .reports
rm -f .reports/vitest.json .reports/playwright.json

failed_steps=()
step() {
  local name="$1"; shift
  echo "::: ${name}"
  if "$@"; then echo "::: ${name}: ok"; else echo "::: ${name}: FAILED"; failed_steps+=("$name"); fi
}

step "type check (tsc)" npx tsc -p db/tsconfig.json --noEmit
step "type check (electron)" npx tsc -p electron/tsconfig.json --noEmit
step "type check (electron tests, preload)" npx tsc -p electron/tsconfig.test.json --noEmit
step "type check (e2e)" npx tsc -p e2e/tsconfig.json --noEmit
step "type check (bench)" npx tsc -p bench/tsconfig.json --noEmit
step "type check (build plugins, vite config)" npx tsc -p build/tsconfig.json --noEmit
step "type check (command-line tools)" npx tsc -p scripts/tsconfig.json --noEmit
step "type check (svelte-check)" npx svelte-check --tsconfig renderer/tsconfig.json --fail-on-warnings --output machine
step "build" npm run --silent build
step "unit tests (vitest)" npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/vitest.json
step "end-to-end tests (playwright)" npx playwright test
step "electronegativity" node scripts/electronegativity-gate.mjs

step "test summary" node scripts/summarize-tests.mjs .reports/vitest.json .reports/playwright.json

if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  exit 1
fi
