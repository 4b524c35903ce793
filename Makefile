# Front door: wraps CMake.  `make demo` and `make check` work on a fresh clone.
BUILD ?= build
JOBS ?= 2
LIT ?= python3 /usr/lib/llvm-19/build/utils/lit/lit.py
LIT_OPTS ?= -sv

.PHONY: all bootstrap configure build check check-sanitize demo clean format

all: build

bootstrap:
	@bash scripts/bootstrap.sh

configure: bootstrap
	@if [ ! -f $(BUILD)/build.ninja ]; then \
		cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null; \
	fi

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

check: build
	$(LIT) $(LIT_OPTS) --param build=$(abspath $(BUILD)) tests
	$(LIT) $(LIT_OPTS) --param build=$(abspath $(BUILD)) --param sanitize=1 tests/runtime

demo: build
	@bash scripts/demo.sh $(BUILD)

format:
	@clang-format-19 -i $$(git ls-files 'analyzer/*.cpp' 'analyzer/*.h')

clean:
	rm -rf $(BUILD)
