#!/usr/bin/env bash
# Installs the Debian 12 packages brewlab builds and tests with, and any
# extra packages named as arguments (`make fuzz` asks for clang's).
# Idempotent: when every package is present it only asks dpkg and exits.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-jsonschema python3-yaml  # the report and scenario schema checks
  patch  # applies core/server/known_bad/*.patch (BREW_KNOWN_BAD) and tests/go/known_bad/
  librdkafka-dev kcat  # the Kafka side: librdkafka's C++ API and mock cluster; kcat in its tests
  # The lesson's server in Go, built offline as a second implementation for
  # the grading tests (tests/go/, BREW_GO). Debian's Go 1.19 has no log/slog:
  # golang.org/x/exp/slog stands in. protoc-gen-go (protobuf's APIv2) replaces
  # golang-goprotobuf-dev; tests/go/lessonserver/codec.go says why that is fine.
  golang-go golang-google-grpc-dev golang-google-protobuf-dev
  protoc-gen-go protoc-gen-go-grpc golang-golang-x-exp-dev
  chromium  # html.browser opens labrun's HTML report headless (~350 MB, ~25 s)
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing packages and not root; run: sudo $0" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
