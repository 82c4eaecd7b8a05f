# Xieshang — see README.md.
GO        ?= go
PKGS      ?= ./...
BIN       ?= bin/xieshang
TESTFLAGS ?= -race -count=1 -timeout 15m

.PHONY: test test-deps lint run build fuzz bench clean

## test: every test on both engines, browser tests included; installs what is missing first
test: test-deps
	$(GO) vet $(PKGS)
	$(GO) test $(TESTFLAGS) $(PKGS)

test-deps:
	@./scripts/test-deps.sh

## lint: formatting and vet
lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PKGS)

## generate: compile the templ views (internal/web/*.templ) to the *_templ.go files beside them; commit both
.PHONY: generate
generate:
	$(GO) run github.com/a-h/templ/cmd/templ@v0.3.1100 generate

## run: the product with demo data on embedded SQLite
run:
	$(GO) run ./cmd/xieshang serve --demo

## build: a static binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/xieshang

## fuzz: run each fuzz target for FUZZTIME (default 20s)
FUZZTIME ?= 20s
fuzz:
	@./scripts/fuzz.sh $(FUZZTIME)

## bench: Go benchmarks and the wrk/nginx load comparison (see bench/README.md)
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...
	./bench/load.sh

clean:
	rm -rf bin bench/out
