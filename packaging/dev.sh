#!/usr/bin/env bash
# The two commands of the README:
#   packaging/dev.sh run    install what is missing, build, start Spyglass on a live demo target
#   packaging/dev.sh test   install what is missing, build, run every test (what CI runs)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-run}
jobs=$(nproc)

"$root/packaging/setup-deps.sh"

build() { # build DIR CMAKE_ARGS...
  local dir=$1; shift
  cmake -S "$root" -B "$dir" -G Ninja "$@" >/dev/null
  ninja -C "$dir" -j "$jobs"
}

case "$mode" in
run)
  build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPYGLASS_BUILD_TESTS=OFF -DSPYGLASS_BUILD_BENCH=OFF
  # The window opens on the built-in demo target, launched with python3 and recorded live
  # (Record ▸ Stop Recording ends it; the samples stay for the views and for export).
  exec "$root/build/app/spyglass" --demo "${@:2}"
  ;;
test)
  export QT_QPA_PLATFORM=offscreen
  start=$(date +%s)
  echo "== release build and all tests"
  build "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPYGLASS_BUILD_TESTS=ON -DSPYGLASS_BUILD_BENCH=ON
  (cd "$root/build" && ctest --output-on-failure -j "$jobs" --timeout 600)

  echo "== core and command line under AddressSanitizer + UndefinedBehaviorSanitizer"
  build "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug -DSPYGLASS_BUILD_GUI=OFF -DSPYGLASS_BUILD_BENCH=OFF \
    -DSPYGLASS_SANITIZE=address,undefined
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" --timeout 900 -L 'core|app'

  echo "== fuzzers (libFuzzer, clang), a short run each over its seed corpus"
  build "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DSPYGLASS_FUZZ=ON -DSPYGLASS_BUILD_GUI=OFF -DSPYGLASS_BUILD_TESTS=OFF -DSPYGLASS_BUILD_BENCH=OFF \
    -DSPYGLASS_SANITIZE=address,undefined
  fuzz_passed=0 fuzz_failed=0
  for fuzzer in "$root"/build-fuzz/tests/fuzz/*_fuzz; do
    [ -x "$fuzzer" ] || continue
    name=$(basename "$fuzzer" _fuzz)
    corpus=$(mktemp -d)
    cp -r "$root/tests/fuzz/corpus/$name/." "$corpus/" 2>/dev/null || true
    if "$fuzzer" -max_total_time="${SPYGLASS_FUZZ_SECONDS:-30}" -rss_limit_mb=2048 -timeout=10 \
         -artifact_prefix="$root/build-fuzz/$name-" "$corpus" >"$root/build-fuzz/$name.log" 2>&1; then
      fuzz_passed=$((fuzz_passed + 1)); echo "fuzz $name: ok"
    else
      fuzz_failed=$((fuzz_failed + 1)); echo "fuzz $name: FAILED"; tail -40 "$root/build-fuzz/$name.log"
    fi
    rm -rf "$corpus"
  done
  echo "fuzz: $fuzz_passed passed, $fuzz_failed failed"
  echo "== all done in $(( $(date +%s) - start )) s"
  [ "$fuzz_failed" -eq 0 ]
  ;;
*)
  echo "usage: $0 run|test" >&2; exit 2 ;;
esac
