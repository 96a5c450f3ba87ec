#!/bin/sh
# Run precisd's end-to-end tests once under valgrind memcheck: zero errors
# and no definite leaks (issue 5).  Every precisd the tests start runs as
#   valgrind --leak-check=full --errors-for-leak-kinds=definite
#            --error-exitcode=99
# through daemon-common.inc's PRECISD_WRAPPER, so a test that stops the
# daemon sees exit 99 on an error; each run also leaves a log, and this
# script fails if any log (a SIGKILLed run's included) reports an error or
# a definitely lost block.  precisd also exits 1 when uv_loop_close() is
# not 0 at shutdown (daemon.c), which the tests' stop_daemon checks.
# Usage: scripts/valgrind.sh BUILD-DIR [CTEST-REGEX]
set -eu
build=${1:?usage: scripts/valgrind.sh BUILD-DIR [CTEST-REGEX]}
regex=${2:-^e2e/(daemon|hostile|store-faults)}
command -v valgrind >/dev/null || { echo "valgrind is not installed"; exit 1; }
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
PRECISD_WRAPPER="valgrind -q --leak-check=full --show-leak-kinds=definite \
--errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=30 \
--log-file=$logs/vg.%p.log"
export PRECISD_WRAPPER
# Everything is 10-50 times slower under memcheck.
export E2E_DEADLINE=180
start=$(date +%s)
rc=0
# One at a time: timing-sensitive tests on 2 cores.
ctest --test-dir "$build" --output-on-failure -R "$regex" -E 'flood' || rc=$?
runs=$(ls "$logs" | wc -l)
bad=0
for f in "$logs"/vg.*.log; do
	[ -s "$f" ] || continue
	# -q leaves only errors and leaks in the log.
	if grep -q 'ERROR SUMMARY: [1-9]\|definitely lost\|Invalid \|uninitialised\|Mismatched' "$f"; then
		echo "--- valgrind: $f"
		cat "$f"
		bad=$((bad + 1))
	fi
done
echo "valgrind: $runs precisd runs, $bad with errors or definite leaks," \
	"$(($(date +%s) - start)) s"
[ "$bad" -eq 0 ] || exit 1
exit "$rc"
