# brewlab: the two set-up commands are `make lab` and `make test`; both
# install missing Debian packages (scripts/install-deps.sh), configure and
# build first.

BUILD_DIR ?= build
JOBS ?= $(shell nproc)
ARGS ?=
CMAKE_FLAGS ?=

BIN := $(BUILD_DIR)/bin
LAB_REPORTS ?= $(BUILD_DIR)/lab-reports

.PHONY: all deps configure build test lab grade soak bench run-server run-subscribe run-upload run-chat clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD_DIR)/build.ninja: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: $(BUILD_DIR)/build.ninja

build: deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Every test, including one run of every scenario (label `lab`); the flake
# soak (label `soak`) is left out: run it with `make soak`.
test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS) -LE soak

soak: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L soak

# Speed, measured (never asserted in tests): see bench/.
bench: build
	$(BIN)/micro_bench
	$(BIN)/stream_bench

# Every lesson exercise, as a scenario run by labrun; the JSON reports and
# one HTML page of the run (open $(LAB_REPORTS)/index.html in a browser).
lab: build
	$(BIN)/labrun --report-dir $(LAB_REPORTS) --html $(LAB_REPORTS)/index.html $(ARGS) scenarios/

# Grading: rebuild what changed (a student's handlers), run every scenario,
# and write JUnit XML and Gradescope's results.json next to the reports.
grade: build
	$(BIN)/labrun --report-dir $(BUILD_DIR)/grade-reports --junit $(BUILD_DIR)/junit.xml \
	  --results $(BUILD_DIR)/results.json $(ARGS) scenarios/

# The lesson's programs: `make run-server` in one terminal, a client in another.
run-server: build
	$(BIN)/streaming-server $(ARGS)

run-subscribe: build
	$(BIN)/client-server-stream --limit=5 $(ARGS)

run-upload: build
	$(BIN)/client-upload --count=20 --bad=3 $(ARGS)

run-chat: build
	$(BIN)/client-bidi --count=5 $(ARGS)

clean:
	rm -rf $(BUILD_DIR)
