# The two commands of the quick start (see README.md):
#   make demo   installs what is missing, builds chronik and runs `chronik demo` (the embedded Berlin sample)
#   make test   installs what is missing and runs the whole test suite
#   make install  the release binaries (chronik and chronik-serve, which `chronik serve` runs), manual pages and
#                 bash/zsh/fish completions below PREFIX (DESTDIR honoured)
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
# The date in the manual pages' footer: the last commit's, so that the same sources give the same pages.
MAN_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date +%Y-%m-%d)

.PHONY: demo test build release deps clean fuzz man install uninstall check-install

deps:
	@scripts/install-deps.sh

# chronik, and chronik-serve beside it: `chronik serve` runs that (its HTTP server links FoundationNetworking and
# libcurl, which chronik itself then does not load at start-up).
build: deps
	$(SWIFT) build --product chronik
	$(SWIFT) build --product chronik-serve

# The release binary links the Swift runtime and Foundation statically: every command starts about 4.5 ms sooner
# (no relocation of the shared Swift libraries at load), and it runs without the Swift toolchain installed. With the
# toolchain's lld and, where the C library loads them, packed relocations: about 1 ms sooner again
# (scripts/release-flags.sh, which the benchmark scripts use too).
release: deps
	$(SWIFT) build -c release $$(SWIFT="$(SWIFT)" scripts/release-flags.sh) --product chronik
	$(SWIFT) build -c release $$(SWIFT="$(SWIFT)" scripts/release-flags.sh) --product chronik-serve

# One page per command (`man chronik`, `man chronik.list`, …) from the commands' help, by swift-argument-parser's
# manual plugin (it builds the package in debug mode and the plugin's generate-manual tool; offline, from the
# resolved checkouts), in English: the plugin of swift-argument-parser 1.8.2 drops every character that is not ASCII,
# which would take the umlauts out of German pages (`chronik help COMMAND` speaks German, see README).
man:
	rm -rf .build/plugins/GenerateManual/outputs/chronik
	CHRONIK_LANG=en $(SWIFT) package --disable-sandbox plugin generate-manual --configuration debug --multi-page \
		--date $(MAN_DATE) --authors "the chronik authors"
	rm -rf .build/man && mkdir -p .build/man/man1
	cp .build/plugins/GenerateManual/outputs/chronik/*.1 .build/man/man1/

# `sudo make install` for /usr/local; `make install PREFIX=$$HOME/.local` for one user; packagers set DESTDIR.
install: release man
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh install "$$($(SWIFT) build -c release --show-bin-path)/chronik" .build/man

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh uninstall

# Installs into a temporary DESTDIR with the debug binary and checks every file, then uninstalls (CI runs it).
check-install: build man
	scripts/check-install.sh

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
