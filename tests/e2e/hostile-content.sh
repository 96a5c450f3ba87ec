#!/bin/sh
# Hostile contents (docs/hostile-inputs.md): empty, binary (ELF, PNG, gzip),
# invalid UTF-8, UTF-16 with and without BOM, a NUL in the middle, over
# max_bytes, a 10 MB line without punctuation, 100,000 one-word lines,
# 250,000 sentences (over PRECIS_SENTENCES_MAX), a 5 MB word, HTML
# nested 100,000 deep, HTML of scripts and styles only, an entity bomb,
# deeply nested Markdown lists.  All renamed in at once with five ordinary
# articles: each gets its documented outcome (stored, or a failure with its
# reason), the daemon stays up, and the ordinary articles are stored.
. "$(dirname "$0")/daemon-common.inc"

# 11 MiB: the 10 MB line fits, over-max.txt is one byte over.
write_conf "max_bytes = 11534336"
start_daemon
mkdir "$T/stage" "$T/orig"
python3 "$PRECIS_SRC/tests/data/hostile/gen.py" "$T/stage" "$(article 0)"
for i in 1 2 3 4 5; do cp "$(article "$i")" "$T/stage/ordinary-$i.txt"; done
cp "$T/stage"/* "$T/orig"/

cat >"$T/spec" <<'EOF'
empty.txt failed empty file
elf.txt failed binary data
image.png failed binary data
article.txt.gz failed binary data
invalid-utf8.txt stored bakery chain
utf16-bom.txt stored forty shops in railway stations
utf16-nobom.txt stored forty shops in railway stations
nul-middle.txt stored bakery chain
over-max.txt failed larger than max_bytes
long-line.txt stored word word
many-lines.txt stored w0
many-sentences.txt failed more than 200000 sentences
long-word.txt stored aaaa
deep.html failed no article text found
scripts-only.html failed no article text found
entity-bomb.html stored
nested-list.md stored bakery chain
ordinary-1.txt stored
ordinary-2.txt stored
ordinary-3.txt stored
ordinary-4.txt stored
ordinary-5.txt stored
EOF
mv "$T/stage"/* "$INBOX"/
python3 "$E2E_DIR/hostile-check.py" "$PRECIS_BIN" "$DB" "$INBOX" "$T/spec" \
	"$LOG" 120 || fail "outcomes differ"
kill -0 "$DPID" || fail "precisd died"
# Memory stays bounded by max_bytes times a small factor per worker.
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$DPID/status")
echo "peak RSS (VmHWM) over the hostile batch: $hwm kB"
# (AddressSanitizer and valgrind inflate RSS: no cap there.)
if ! grep -q 'libasan\|valgrind\|memcheck' "/proc/$DPID/maps" &&
	[ "$hwm" -gt 409600 ]; then
	fail "peak RSS $hwm kB over 400 MB"
fi

# The entity bomb was not expanded: no run of the entity's letters, and
# the stored body is about the size of the file, not a billion bytes.
h=$(b2 "$INBOX/entity-bomb.html")
precis show --json "$h" >"$T/bomb.json" || fail "show entity-bomb"
grep -q aaaaaaaaaaaaaaaaaaaa "$T/bomb.json" && fail "entity expanded"
# The 10 MB line and the 5 MB word were cut into sentences of at most
# PRECIS_SENTENCE_MAX bytes.
for f in long-line.txt long-word.txt; do
h=$(b2 "$INBOX/$f")
precis show --json "$h" | python3 -c '
import json, sys
a = json.load(sys.stdin)
assert a["summary"], "empty summary"
assert all(len(s["text"].encode()) <= 8192 for s in a["summary"]), \
    [len(s["text"]) for s in a["summary"]]' || fail "$f: summary sentences over 8 KiB"
done
ok "every content case has its outcome; ordinary files stored"

# A failure is recorded once, not retried while unchanged: a rescan by a
# restart leaves the attempts at 1.
stop_daemon
start_daemon
drop "$(article 6)" after-restart.txt
wait_for "a file after the restart" has_articles 15
precis failures --json | python3 -c '
import json, sys
f = json.load(sys.stdin)
assert len(f) == 8, len(f)
assert all(x["attempts"] == 1 for x in f), f' || fail "failures retried"
stop_daemon
ok "failures not retried after a restart"
