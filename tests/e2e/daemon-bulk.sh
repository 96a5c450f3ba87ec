#!/bin/sh
# 500 files renamed into the inbox at once: every one stored, exactly once,
# under its own name (duplicate bytes in the corpus become extra paths).
CORPUS_N=500
. "$(dirname "$0")/daemon-common.inc"

write_conf
start_daemon
mkdir "$T/stage"
ls "$CORPUS" | head -n 500 | sed "s|^|$CORPUS/|" | xargs cp -t "$T/stage"
b2_listing "$T/stage" "$INBOX" >"$T/expected"
[ "$(wc -l <"$T/expected")" -eq 500 ] || fail "staging"
mv "$T/stage"/* "$INBOX"/
wait_for "500 paths" listing_has 500
stop_daemon
expect_listing "$T/expected"
n=$(cut -d' ' -f1 "$T/expected" | sort -u | wc -l)
has_articles "$n" || fail "expected $n articles, got $(articles)"
ok "500 files at once: $n articles, 500 paths"
