# BroadcastOperator — the README's two commands are `make run` and `make test`.
SHELL := /bin/bash
DOTNET ?= dotnet
LOCAL := .local
KUBECONFIG_LOCAL := $(LOCAL)/kubeconfig
KUBE_PORT ?= 6443

.PHONY: all build deps pages test chaos fuzz format crds run dev-cluster bench token images clean

all: build

deps:
	@scripts/install-deps.sh

## The speaker and listener pages bundle the official KVS WebRTC SDK with esbuild (lockfile in web/).
pages:
	@[ web/node_modules/.package-lock.json -nt web/package-lock.json ] || npm ci --prefix web --no-audit --no-fund --loglevel=error
	@node web/build.mjs --if-stale

build: pages
	$(DOTNET) build BroadcastOperator.sln -nologo -v quiet -clp:ErrorsOnly

test: deps pages
	@scripts/test.sh

## The fault suite (issue 18) at full size against the real processes `make run` starts; one line per fault at the end.
## `make test` runs the short version of the same tests (tests/EndToEnd.Tests/Faults).
chaos: deps pages
	$(DOTNET) build BroadcastOperator.sln -nologo -v quiet -clp:ErrorsOnly
	@rm -f .test-results/chaos.txt
	@CHAOS=full $(DOTNET) test tests/EndToEnd.Tests --no-build -nologo --filter "Category=Chaos"; status=$$?; \
	  echo "=== faults"; cat .test-results/chaos.txt 2>/dev/null || echo "no fault measured"; exit $$status

## The fuzz tests (issue 18 part 8) at length: FUZZ_CASES cases per target (default 50000) from FUZZ_SEED (each
## test's fixed seed when unset); `make test` runs the same tests with a few thousand cases. One line per target at the end.
FUZZ_CASES ?= 50000
fuzz: deps
	$(DOTNET) build BroadcastOperator.sln -nologo -v quiet -clp:ErrorsOnly
	@rm -f .test-results/fuzz.txt
	@status=0; for proj in tests/WebRtc.Tests tests/Aws.Tests tests/Signaling.Tests tests/EmbeddedKube.Tests tests/SessionApi.Tests tests/MediaWorker.Tests; do \
	  FUZZ_CASES=$(FUZZ_CASES) $(DOTNET) test $$proj --no-build -nologo --filter "Category=Fuzz" || status=1; done; \
	  echo "=== fuzz"; cat .test-results/fuzz.txt 2>/dev/null || echo "no fuzz target ran"; exit $$status

## Applies the style of .editorconfig (re-run after a merge).
format:
	@scripts/format.sh

## Regenerates config/crds/ from the C# model (never edit those files by hand); config/crds is also the
## kustomize base (its Kustomization lists the files). Helm reads CRDs only inside the chart, hence its copy.
crds:
	$(DOTNET) run --project src/CrdGen -- config/crds
	cp config/crds/*.yaml charts/broadcast-operator/crds/

## Only the embedded Kubernetes API server, with .local/kubeconfig for kubectl.
dev-cluster:
	@mkdir -p $(LOCAL)
	$(DOTNET) build src/EmbeddedKube -nologo -v quiet -clp:ErrorsOnly
	$(DOTNET) src/EmbeddedKube/bin/Debug/net10.0/BroadcastOperator.EmbeddedKube.dll --port $(KUBE_PORT) --kubeconfig $(KUBECONFIG_LOCAL) --state $(LOCAL)/cluster-state.json

run: deps pages
	@scripts/run-local.sh

bench:
	$(DOTNET) run --project bench/Benchmarks -c Release -- $(FILTER)

## A development JWT: make token SUB=alice ROLE=speaker (roles: speaker, listener, admin).
SUB ?= alice
ROLE ?= speaker
token:
	@scripts/token.sh "$(SUB)" "$(ROLE)"

## Container images (needs a Docker engine): make images [IMAGES="operator session-api"]
images:
	@scripts/images.sh $(IMAGES)

clean:
	$(DOTNET) clean BroadcastOperator.sln -nologo -v quiet
	rm -rf $(LOCAL) .test-results
