#!/usr/bin/env bash
# Prints a development JWT that SessionApi accepts with its embedded defaults (issuer broadcast-dev, audience
# broadcast-sessionapi, HS256 key in .local/sessionapi-jwt.key, created when absent).
# Usage: scripts/token.sh SUB ROLE   (ROLE: speaker, listener or admin; several as speaker,admin)
set -euo pipefail
cd "$(dirname "$0")/.."
sub=${1:-${SUB:-}}
role=${2:-${ROLE:-speaker}}
if [ -z "$sub" ]; then
  echo "usage: scripts/token.sh SUB [ROLE]   (make token SUB=alice ROLE=speaker)" >&2
  exit 2
fi
dotnet build src/SessionApi -nologo -v quiet -clp:ErrorsOnly >&2
# Run the built assembly from the repository root: `dotnet run` would switch to the project folder
# and read another .local/ than the running SessionApi.
exec dotnet src/SessionApi/bin/Debug/net10.0/BroadcastOperator.SessionApi.dll token --sub "$sub" --role "$role"
