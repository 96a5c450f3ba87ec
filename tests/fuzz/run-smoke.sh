#!/bin/sh
# Fuzz smoke run: for each libFuzzer target in a fuzz build (-DPRECIS_FUZZ=ON),
# replay its seed corpus and saved regressions, then fuzz it for a fixed time
# with its dictionary into a scratch corpus under /tmp.  Builds nothing.
#
# Usage: tests/fuzz/run-smoke.sh BUILD_DIR [SECONDS]
#   SECONDS   fuzzing time per target (default 20, or $FUZZ_TIME)
#   $FUZZ_JOBS  targets run at once (default: the number of CPUs, at most 4)
#   $FUZZ_TARGETS  space-separated subset (default: all)
# Prints each target's time, executions and random seed (-seed=N repeats a
# run); exits 1 if any target crashed, leaked, timed out or ran out of
# memory (the input is printed in base64).
set -eu

src=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run-smoke.sh BUILD_DIR [SECONDS]}
secs=${2:-${FUZZ_TIME:-20}}
targets=${FUZZ_TARGETS:-"html markdown extract segment doc config ref query"}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
[ "$jobs" -gt 4 ] && jobs=4

bin_dir=$build/tests/fuzz
for t in $targets; do
	if [ ! -x "$bin_dir/fuzz-$t" ]; then
		echo "run-smoke: $bin_dir/fuzz-$t missing; build with" \
			"CC=clang cmake -DPRECIS_FUZZ=ON" >&2
		exit 2
	fi
done

scratch=$(mktemp -d "${TMPDIR:-/tmp}/precis-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
# Whatever a target leaves in the temporary directory (fuzz-ref's store,
# when it crashes) goes with the scratch directory.
export TMPDIR="$scratch"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

# Longest input worth generating: the targets that read a configuration
# file or a command-line argument ignore anything longer.
max_len() {
	case $1 in
	config) echo 65536 ;;
	ref) echo 4096 ;;
	*) echo 262144 ;;
	esac
}

# One target: replay, then fuzz.  Writes $scratch/$t.result as
# "status replayed seconds execs corpus".
run_one() {
	t=$1
	dir=$scratch/$t
	mkdir -p "$dir/corpus"
	fz=$bin_dir/fuzz-$t
	inputs="$src/seeds/$t"
	[ -d "$src/regress/$t" ] && inputs="$inputs $src/regress/$t"

	# shellcheck disable=SC2086
	replayed=$(find $inputs -type f | wc -l)
	# shellcheck disable=SC2086
	if ! "$fz" -runs=0 -rss_limit_mb=2048 -timeout=60 \
		-artifact_prefix="$dir/" $inputs >"$dir/replay.log" 2>&1; then
		echo "REPLAY-FAILED $replayed 0 0 0 0" >"$dir/result"
		return 0
	fi

	start=$(date +%s)
	# shellcheck disable=SC2086
	if "$fz" -max_total_time="$secs" -rss_limit_mb=2048 \
		-max_len="$(max_len "$t")" -timeout=60 -print_final_stats=1 \
		-dict="$src/$t.dict" -artifact_prefix="$dir/" \
		"$dir/corpus" $inputs >"$dir/fuzz.log" 2>&1; then
		status=ok
	else
		status=FAILED
	fi
	end=$(date +%s)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' \
		"$dir/fuzz.log" | tail -n 1)
	corpus=$(find "$dir/corpus" -type f | wc -l)
	seed=$(sed -n 's/^INFO: Seed: *//p' "$dir/fuzz.log" | head -n 1)
	echo "$status $replayed $((end - start)) ${execs:-0} $corpus" \
		"${seed:-0}" >"$dir/result"
}

# Run the targets $jobs at a time: each fuzzes for the same fixed time, so
# a batch ends together.
set -- $targets
while [ $# -gt 0 ]; do
	n=0
	while [ $# -gt 0 ] && [ $n -lt "$jobs" ]; do
		run_one "$1" &
		shift
		n=$((n + 1))
	done
	wait
done

fail=0
passed=0
printf '%-9s %8s %8s %10s %9s %8s %11s  %s\n' target replayed seconds \
	execs exec/s corpus seed result
for t in $targets; do
	dir=$scratch/$t
	read -r status replayed took execs corpus seed <"$dir/result"
	rate=0
	[ "$took" -gt 0 ] && rate=$((execs / took))
	printf '%-9s %8s %8s %10s %9s %8s %11s  %s\n' "$t" "$replayed" \
		"$took" "$execs" "$rate" "$corpus" "$seed" "$status"
	if [ "$status" = ok ]; then
		passed=$((passed + 1))
	else
		fail=$((fail + 1))
		log=$dir/fuzz.log
		[ "$status" = REPLAY-FAILED ] && log=$dir/replay.log
		echo "---- fuzz-$t: $log" >&2
		grep -a -m 5 -E 'broken promise|ERROR:|runtime error' \
			"$log" >&2 || true
		grep -a -v '^#[0-9]' "$log" | tail -n 40 >&2
		for a in "$dir"/crash-* "$dir"/leak-* "$dir"/timeout-* \
			"$dir"/oom-*; do
			[ -f "$a" ] || continue
			echo "---- $(basename "$a") (base64; save it under" \
				"tests/fuzz/regress/$t/ and add a unit test):" >&2
			head -c 65536 "$a" | base64 >&2
		done
	fi
done
echo "fuzz: $passed passed, $fail failed"
[ $fail -eq 0 ] || exit 1
