# The two commands of the quick start (see README.md):
#   make demo   installs what is missing, builds chronik and runs `chronik demo` (the embedded Berlin sample)
#   make test   installs what is missing and runs the whole test suite
SWIFT ?= swift

.PHONY: demo test build release deps clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product chronik

release: deps
	$(SWIFT) build -c release --product chronik

demo: build
	@"$$($(SWIFT) build --show-bin-path)/chronik" demo

test: deps
	$(SWIFT) test

clean:
	rm -rf .build
