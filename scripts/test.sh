#!/usr/bin/env bash
# Builds the solution and runs every test project one after another (they share two cores and
# some start browsers), then prints one summary line `N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
results=.test-results
rm -rf "$results"; mkdir -p "$results"
failed_builds=0
if ! dotnet build BroadcastOperator.sln -nologo -v quiet -clp:ErrorsOnly; then
  echo "build failed"; failed_builds=1
fi
# A test project missing from the solution would otherwise run unbuilt.
for proj in tests/*/*.Tests.csproj; do
  grep -q "$(basename "$proj")" BroadcastOperator.sln || dotnet build "$proj" -nologo -v quiet -clp:ErrorsOnly || failed_builds=$((failed_builds+1))
done
# The code's style (.editorconfig): a misformatted file is a failed test, named here.
echo "=== format"
format_started=$SECONDS
if scripts/format.sh --verify; then
  echo "format: ok ($((SECONDS - format_started)) s)"
else
  failed_builds=$((failed_builds+1))
fi
filter=${TEST_FILTER:-}
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  echo "=== $name"
  args=(--no-build --nologo --results-directory "$results" --logger "trx;LogFileName=$name.trx"
        --logger "console;verbosity=normal")
  [ -n "$filter" ] && args+=(--filter "$filter")
  timeout "${TEST_PROJECT_TIMEOUT:-1500}" dotnet test "$proj" "${args[@]}" 2>&1 | grep -vE '^\s*$' | tail -n "${TEST_TAIL:-60}"
  [ -f "$results/$name.trx" ] || { echo "$name: no results"; failed_builds=$((failed_builds+1)); }
done
passed=0; failed=$failed_builds; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # Skipped tests are counted in total but not in executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done
# Names what failed just above the summary, where a truncated CI log still shows it.
trx_files=("$results"/*.trx)
[ "$failed" -eq 0 ] || [ ! -f "${trx_files[0]}" ] || python3 scripts/test-failures.py "${trx_files[@]}"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
