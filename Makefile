# brewlab: the two set-up commands are `make lab` and `make test`; both
# install missing Debian packages (scripts/install-deps.sh), configure and
# build first.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
ARGS ?=
CMAKE_FLAGS ?=

BIN := $(BUILD_DIR)/bin
LAB_REPORTS ?= $(BUILD_DIR)/lab-reports

.PHONY: all deps configure build build-lab check test ci lab grade soak asan tsan fuzz bench run-server run-subscribe run-upload run-chat run-kafka run-consumer clean format format-check docs-check

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# What `make lab` and `make grade` need, and no more: labrun (the tests and
# benchmarks are not built).
build-lab: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target labrun

# `make test`: the format and docs checks and every test of the normal build,
# including one run of every scenario (label `lab`) and the grading tests
# with the lesson's Go server. `make check` is the tests alone.
# `make ci` (what CI runs, .ci/run): `make test`, then the suite again under
# ASan+UBSan and under TSan (`make asan`, `make tsan`, below), then the
# scenario loader's fuzzer for TEST_FUZZ_SECONDS; any failure, sanitizer
# report or fuzzer finding fails it. The flake soak (label `soak`) is left
# out: run it with `make soak`.
TEST_FUZZ_SECONDS ?= 60
check: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE soak

test: format-check docs-check check

ci: test
	$(MAKE) --no-print-directory asan
	$(MAKE) --no-print-directory tsan
	$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

# The C++ sources as .clang-format lays them out (the Go peer as gofmt
# does): `make format` rewrites them, `make format-check` (part of `make
# test`) fails on any difference and lists the files.
FORMAT_FILES = $(shell git ls-files '*.cc' '*.h' 2>/dev/null)
format:
	@scripts/install-deps.sh clang-format
	clang-format -i $(FORMAT_FILES)
	gofmt -w tests/go/lessonserver

format-check:
	@scripts/install-deps.sh clang-format
	@bad=$$(for f in $(FORMAT_FILES); do clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done; \
	  gofmt -l tests/go/lessonserver); \
	if [ -n "$$bad" ]; then echo "format-check: not formatted (run make format):"; echo "$$bad"; exit 1; fi

# Every repo path, `make` target and program flag that README.md,
# runner/README.md and docs/*.md name must exist (part of `make test`);
# `--self-test` first checks that the checker finds dangling references.
docs-check:
	@command -v python3 >/dev/null || scripts/install-deps.sh
	@python3 scripts/docs_check.py --self-test
	@python3 scripts/docs_check.py

soak: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L soak

# The whole suite under sanitizers, each in its own build dir (the `soak` and
# `grading` labels are left out: the known-bad variants are not built, nor
# bench/, nor the lesson's Go server). Any report fails its test: the options below make the first
# report abort the process, and labrun's children and servers inherit them.
# Both build with clang, which compiles this code base much faster than g++
# with sanitizers on (the normal build stays on g++, so both compilers see
# the code).
# `make asan`: -fsanitize=address,undefined (LeakSanitizer included).
# `make tsan`: -fsanitize=thread with tests/sanitizers/tsan_ignorelist.txt
# and tsan.supp (Debian's gRPC is not TSan-instrumented: docs/reliability.md),
# without the `kafka` label (librdkafka's C11 threads crash TSan's runtime).
# -O1 and line tables only (-g1/-gline-tables-only): enough for symbolised
# reports, and a fresh build is much faster than RelWithDebInfo's -O2 -g.
ASAN_DIR ?= build-asan
TSAN_DIR ?= build-tsan
SAN_CMAKE = -G Ninja -DBREW_WERROR=ON -DBREW_KNOWN_BAD=OFF -DBREW_BENCH=OFF -DBREW_GO=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
# Left out by name: tests that bound RSS (MemoryFlat.*, and
# HostileUnread.TenThousandStreamsNeverRead's return to baseline), which a
# sanitizer's shadow memory, quarantine and allocator inflate by design;
# they run in `make check`.
SAN_CTEST = ctest --output-on-failure -j $(JOBS) -LE 'soak|grading' \
  -E '^MemoryFlat\.|^HostileUnread\.TenThousandStreamsNeverRead$$'
ASAN_ENV = ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
TSAN_ENV = TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/sanitizers/tsan.supp

asan:
	@scripts/install-deps.sh clang libclang-rt-14-dev
	cmake -S . -B $(ASAN_DIR) $(SAN_CMAKE) -DBREW_SANITIZE=address -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O1 -gline-tables-only -DNDEBUG'
	cmake --build $(ASAN_DIR) -j $(JOBS)
	$(ASAN_ENV) $(SAN_CTEST) --test-dir $(ASAN_DIR)

tsan:
	@scripts/install-deps.sh clang libclang-rt-14-dev
	cmake -S . -B $(TSAN_DIR) $(SAN_CMAKE) -DBREW_SANITIZE=thread -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO='-O1 -gline-tables-only -DNDEBUG'
	cmake --build $(TSAN_DIR) -j $(JOBS)
	$(TSAN_ENV) $(subst soak|grading,soak|grading|kafka,$(SAN_CTEST)) --test-dir $(TSAN_DIR)

# The scenario loader's libFuzzer target (clang; tests/fuzz/), seeded with
# scenarios/ and tests/data/; new inputs go to build-fuzz/corpus, crashes
# and hangs to build-fuzz/findings/ (each becomes a file in
# tests/data/invalid/). `make fuzz FUZZ_SECONDS=1800` for a long run.
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/install-deps.sh clang libclang-rt-14-dev
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DBREW_WERROR=ON -DBREW_FUZZ=ON -DBREW_KNOWN_BAD=OFF -DBREW_GO=OFF
	cmake --build build-fuzz --target scenario_loader_fuzz
	mkdir -p build-fuzz/corpus build-fuzz/findings
	build-fuzz/bin/scenario_loader_fuzz build-fuzz/corpus scenarios tests/data/valid tests/data/invalid \
	  -max_total_time=$(FUZZ_SECONDS) -timeout=5 -rss_limit_mb=2048 -max_len=16384 \
	  -artifact_prefix=build-fuzz/findings/

# Speed, measured (never asserted in tests): see bench/.
bench: build
	$(BIN)/micro_bench
	$(BIN)/stream_bench
	$(BIN)/limits_bench

# Load against any server of the proto (streaming-load, load/): upload
# records/s, chat ping-pong RTT, subscribe events/s, as a table (~10 s).
# `make load` starts our streaming-server on a free port of 127.0.0.1 with
# --echo-delay=0 --tick=10ms (LOAD_TICK), measures it and stops it.
# `make load ADDR=host:port` measures another server instead (run it with
# echo delay 0 and a small tick); ADDR="h1:p1 h2:p2" measures several side by
# side and OURS=1 adds ours as the first column. ARGS go to streaming-load,
# e.g. ARGS="--duration 5s --json build/load.json".
ADDR ?=
OURS ?=
LOAD_TICK ?= 10ms
.PHONY: load load-vs-go load-screens
load: build
	BIN=$(BIN) ADDR="$(ADDR)" OURS="$(OURS)" LOAD_TICK=$(LOAD_TICK) scripts/load.sh $(ARGS)

# Ours and the lesson's Go server (grpc-go), side by side in one run of
# streaming-load, twice: the table of docs/performance.md (issue #15).
LOAD_VS_GO_ARGS ?= --subscribers 1000 --duration 3s
load-vs-go: build
	BIN=$(BIN) OURS=1 GO=1 ROUNDS=2 LOAD_TICK=$(LOAD_TICK) scripts/load.sh $(LOAD_VS_GO_ARGS) $(ARGS)

# A class's worth of barista screens and more: 10,000 subscribers at a 1 s
# tick on both servers, side by side, with each server's threads and memory.
load-screens: build
	BIN=$(BIN) OURS=1 GO=1 ROUNDS=2 LOAD_TICK=1s scripts/load.sh --only subscribe \
	  --subscribers 10000 --duration 10s $(ARGS)

# Every lesson exercise, as a scenario run by labrun; the JSON reports and
# one HTML page of the run (open $(LAB_REPORTS)/index.html in a browser).
lab: build-lab
	$(BIN)/labrun --report-dir $(LAB_REPORTS) --html $(LAB_REPORTS)/index.html $(ARGS) scenarios/

# Grading: rebuild what changed (a student's handlers), run every scenario,
# and write JUnit XML and Gradescope's results.json next to the reports.
grade: build-lab
	$(BIN)/labrun --report-dir $(BUILD_DIR)/grade-reports --junit $(BUILD_DIR)/junit.xml \
	  --results $(BUILD_DIR)/results.json $(ARGS) scenarios/

# The lesson's programs: `make run-server` in one terminal, a client in another.
# The lesson's exercises as make variables (make reads `-limit=0` itself):
#   make run-subscribe LIMIT=0        make run-upload BAD=5
#   make run-chat COUNT=20 INTERVAL=10ms
# and any flag through ARGS (`ARGS="-customer cust-ana"`). Ctrl+C reaches
# make too, and make always reports it ("make: *** ... Interrupt", exit 2):
# for the Ctrl+C exercise run the program itself, e.g.
# `build/bin/client-server-stream -limit=0` (exit 130, no make line).
LIMIT ?= 5
COUNT ?=
BAD ?= 3
INTERVAL ?=

run-server: build
	$(BIN)/streaming-server $(ARGS)

run-subscribe: build
	$(BIN)/client-server-stream --limit=$(LIMIT) $(ARGS)

run-upload: build
	$(BIN)/client-upload --count=$(or $(COUNT),20) --bad=$(BAD) $(ARGS)

run-chat: build
	$(BIN)/client-bidi --count=$(or $(COUNT),5) $(if $(INTERVAL),--interval=$(INTERVAL)) $(ARGS)

# The Kafka side: a broker in memory with brew.orders.v1 (Ctrl+C ends it,
# and its records with it). Try it with kcat -b <the address it prints> -L.
run-kafka: build
	$(BIN)/kafka-embedded $(ARGS)

# One of the five services reading brew.orders.v1, as a consumer group:
#   make run-consumer KAFKA=127.0.0.1:PORT GROUP=analytics ARGS="--from earliest"
# (KAFKA: the address kafka-embedded or `streaming-server --kafka embedded`
# printed, or a real cluster's.)
KAFKA ?= 127.0.0.1:9092
GROUP ?= kitchen-service
run-consumer: build
	$(BIN)/client-consumer --kafka=$(KAFKA) --group=$(GROUP) $(ARGS)

clean:
	rm -rf $(BUILD_DIR)
