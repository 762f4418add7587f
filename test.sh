#!/usr/bin/env bash
# Sets everything up and runs the tests: libFuzzer on the frame decoder, the
# journal reader and the HTML report (RP_FUZZ_SECONDS in all) for a
# bounded time (clang build), the whole suite on a build with AddressSanitizer
# and UndefinedBehaviorSanitizer, then the whole suite on the normal build.
# Arguments go to ctest for the two suites (./test.sh -L unit).
set -euo pipefail
cd "$(dirname "$0")"
CC=clang scripts/setup.sh build-fuzz -DCMAKE_BUILD_TYPE=Debug -DRP_FUZZ=ON \
  -DRP_FUZZ_SECONDS="${RP_FUZZ_SECONDS:-60}"
(cd build-fuzz && ctest --output-on-failure -L fuzz)
scripts/setup.sh build-asan -DCMAKE_BUILD_TYPE=Debug \
  "-DCMAKE_C_FLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --output-on-failure -j2 "$@")
scripts/setup.sh build
(cd build && ctest --output-on-failure -j2 "$@")
