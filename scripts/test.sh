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
# The normal pass includes tests/dist: manual pages, install layout,
# completion, the Debian package (dpkg-buildpackage + lintian) and precisd
# under systemd as PID 1 in a throwaway container (needs root).
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DPRECIS_BUILD_TESTS=ON -DPRECIS_WERROR=ON \
	-DCMAKE_BUILD_TYPE=Debug -DPRECIS_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	ctest --test-dir build-asan --output-on-failure -j"$jobs"

# Fuzz smoke run (clang + libFuzzer, every object under ASan + UBSan):
# replay each target's seed corpus and saved regressions, then fuzz each
# target for 20 s with its dictionary (tests/fuzz/README.md).
CC=clang cmake -S . -B build-fuzz -DPRECIS_FUZZ=ON -DPRECIS_BUILD_TESTS=OFF \
	>/dev/null
cmake --build build-fuzz -j"$jobs"
ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
./tests/fuzz/run-smoke.sh build-fuzz 20

# Valgrind memcheck over precisd's end-to-end tests (the normal build
# above): zero errors, no definite leaks, uv_loop_close() == 0 at exit.
./scripts/valgrind.sh build
