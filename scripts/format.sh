#!/usr/bin/env bash
# Applies the style of .editorconfig to the whole solution: whitespace, then the code-style rules
# the build checks. Re-run after a merge. `scripts/format.sh --verify` changes nothing and lists
# the files that are off (exit 1 when there are any); it needs a build first (--no-restore).
set -uo pipefail
cd "$(dirname "$0")/.."
args=(BroadcastOperator.sln --no-restore)
if [ "${1:-}" = "--verify" ]; then
  out=$(dotnet format whitespace "${args[@]}" --verify-no-changes 2>&1); rc=$?
  [ "$rc" -eq 0 ] && exit 0
  echo "misformatted (run scripts/format.sh):"
  echo "$out" | grep -oE '^/[^(]+\.cs' | sed "s|^$PWD/||" | sort -u | sed 's/^/  /'
  exit 1
fi
dotnet format whitespace "${args[@]}"
dotnet format style "${args[@]}" --severity warn
