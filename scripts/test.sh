#!/bin/sh
# Install what the build needs, build, and run every test: once in a normal
# build, then again under AddressSanitizer + UndefinedBehaviorSanitizer.
# Usage (as root on Debian 12): ./scripts/test.sh
set -eu
cd "$(dirname "$0")/.."
./scripts/deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DPRECIS_BUILD_TESTS=ON -DPRECIS_WERROR=ON >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DPRECIS_BUILD_TESTS=ON -DPRECIS_WERROR=ON \
	-DCMAKE_BUILD_TYPE=Debug -DPRECIS_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j"$jobs"
