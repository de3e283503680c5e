#!/usr/bin/env bash
# Builds the container images of the deployed components (`make images`):
#   scripts/images.sh [operator] [session-api] [signaling] [media-worker]     (default: all four)
# Settings (environment):
#   REGISTRY  image prefix              default ghcr.io/broadcast-operator (the chart's image.registry)
#   TAG       image tag                 default the chart's appVersion
#   PUSH=1    push after building       default off
#   DOCKER    container CLI             default docker (podman works too)
# Exits 2, saying why, when no container engine is reachable: nothing is built then.
set -euo pipefail
cd "$(dirname "$0")/.."

all=(operator session-api signaling media-worker)
images=("$@")
[ ${#images[@]} -eq 0 ] && images=("${all[@]}")

docker=${DOCKER:-docker}
registry=${REGISTRY:-ghcr.io/broadcast-operator}
tag=${TAG:-$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' charts/broadcast-operator/Chart.yaml)}

for image in "${images[@]}"; do
  if [ ! -f "deploy/docker/$image/Dockerfile" ]; then
    echo "images: unknown image '$image' (known: ${all[*]})" >&2
    exit 64
  fi
done

if ! command -v "$docker" >/dev/null 2>&1; then
  echo "images: '$docker' is not installed, so no image can be built here." >&2
  echo "images: install Docker (or set DOCKER=podman) on a machine with a container engine and run 'make images' again." >&2
  exit 2
fi
if ! engine_error=$("$docker" info 2>&1 >/dev/null); then
  echo "images: no container engine is reachable through '$docker', so no image was built." >&2
  echo "images: $docker said: $(printf '%s' "$engine_error" | grep -v '^\s*$' | tail -n 1)" >&2
  echo "images: start the Docker daemon (or point DOCKER_HOST at one) and run 'make images' again;" >&2
  echo "images: on the build machines, which have none, deploy with 'make run' (embedded cluster) instead." >&2
  exit 2
fi

for image in "${images[@]}"; do
  ref="$registry/$image:$tag"
  echo "images: building $ref"
  DOCKER_BUILDKIT=1 "$docker" build --file "deploy/docker/$image/Dockerfile" --tag "$ref" .
  if [ "${PUSH:-0}" = "1" ]; then
    "$docker" push "$ref"
  fi
done
echo "images: built ${images[*]} as $registry/<name>:$tag"
