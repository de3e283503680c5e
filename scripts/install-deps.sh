#!/usr/bin/env bash
# Installs the Debian packages the system and its tests use, only where missing.
# Safe to run repeatedly; needs root (CI and the dev machines run as root).
# libopus-dev only for its unversioned libopus.so: Concentus dlopens that name to use native libopus.
# coturn: the TURN server of `make run TURN=1` and the TURN tests (turnserver, turnutils_uclient).
# opus-tools: opusinfo and opusdec, the reference decoder the archive tests judge our Ogg Opus files with.
set -euo pipefail
packages=(espeak-ng libespeak-ng1 pocketsphinx pocketsphinx-en-us pocketsphinx-testdata
          apertium apertium-eng-spa apertium-eng-cat sox chromium firefox-esr libnss3-tools
          libopus0 libopus-dev nodejs npm openssl coturn opus-tools)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs/npm may come from elsewhere than Debian: a working `npm` is enough.
if command -v npm >/dev/null 2>&1; then
  missing=("${missing[@]/nodejs}"); missing=("${missing[@]/npm}")
fi
read -r -a missing <<< "${missing[*]}"
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
