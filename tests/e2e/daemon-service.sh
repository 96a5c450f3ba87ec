#!/bin/sh
# Service behaviour: journald priority prefixes when stderr is the journal
# (JOURNAL_STREAM), WATCHDOG=1 pings when WATCHDOG_USEC is set, STATUS=
# with counts; one log line per file outcome, file names escaped so a name
# with a newline cannot forge a second line.
. "$(dirname "$0")/daemon-common.inc"

write_conf
: >"$LOG"
# stderr is $LOG: tell precisd it is the journal stream.
PRECISD_WRAPPER="env JOURNAL_STREAM=$(stat -c %d:%i "$LOG") WATCHDOG_USEC=100000 ${PRECISD_WRAPPER:-}"
start_daemon
wait_for "three watchdog pings" notify_has WATCHDOG=1 3
ok "WATCHDOG=1 every WATCHDOG_USEC/2"

: >"$T/expected"
nl='
'
drop "$(article 70)" "bad${nl}name.txt"
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
	python3 -c 'import sys; open(sys.argv[1], "wb").write(bytes(range(256)) * 8 + sys.argv[2].encode())' \
		"$T/bin$i" "$i"
	mv "$T/bin$i" "$INBOX/bin$i.dat"
done
drop "$(article 71)" marker.txt
failures_are() {
	[ "$(precis failures --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" -eq "$1" ]
}
wait_for "15 failures" failures_are 15
wait_for "two articles" has_articles 2
wait_for "a STATUS= with the counts" grep -q "^STATUS=2 stored, 0 duplicates, 15 failed" "$NLOG"
stop_daemon

# Every line carries a journald priority prefix.
if grep -v '^<[0-7]>' "$LOG" | grep -q .; then
	grep -v '^<[0-7]>' "$LOG" | head -n 3
	fail "a log line without a priority prefix under JOURNAL_STREAM"
fi
[ "$(grep -c '^<4>failed .*bin[0-9]*\.dat' "$LOG")" -eq 15 ] ||
	fail "expected one warning line per failed file"
grep -q "^<6>stored '$INBOX/bad\\\\nname.txt'" "$LOG" ||
	fail "a newline in a file name is not escaped in the log"
ok "journal prefixes, one escaped line per outcome, STATUS= counts"
