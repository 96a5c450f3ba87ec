#!/bin/sh
# One JSON contract: every command's --json output validates against
# docs/precis-json.schema.json (JSON Schema 2020-12, checked by Debian's
# python3-jsonschema), so does every example in docs/json.md, and an
# article has the same shape (the same keys and values) in summarize,
# show, list, list --follow, search, export and digest.
. "$(dirname "$0")/cli-helpers.inc"

python3 -c "import jsonschema" 2>/dev/null ||
	fail "python3-jsonschema is missing (scripts/deps.sh installs it)"
SCHEMA="$PRECIS_SRC/docs/precis-json.schema.json"
mkdir -p "$T/in" "$T/json"
cp -R "$DATA/." "$T/in/"
i=0
while [ $i -lt 64 ]; do
	printf '\177ELF\002\001\001\000\000\000\003\000\076\000' >>"$T/in/blob.bin"
	i=$((i + 1))
done

# save NAME CMD...: the command's stdout into $T/json/NAME.json (or .jsonl
# when NAME ends in "-lines"), with its exit code checked.
save() {
	name=$1
	shift
	"$@" >"$T/json/$name" 2>"$T/err"
	case $? in 0 | 1 | 4) ;; *)
		fail "$name: $(cat "$T/err")" ;;
	esac
}
# blob.bin fails: import exits 2, and failures --json has an entry.
"$PRECIS_BIN" --db "$DB" import "$T/in" >/dev/null 2>&1
"$PRECIS_BIN" --db "$DB" import --json "$T/in" >"$T/json/import" 2>/dev/null
[ $? -eq 2 ] || fail "import --json with a bad file"
ID=$(P list --json | python3 -c '
import json, sys
print([a["id"] for a in json.load(sys.stdin) if "Harbour" in a["title"]][0])')
save summarize "$PRECIS_BIN" summarize --json "$DATA/harbour.txt"
save summarize-lines "$PRECIS_BIN" summarize --json "$DATA/harbour.txt" \
	"$DATA/budget.md"
save show P show --json "$ID"
save show-full P show --json --full "$ID"
save list P list --json
save digest P digest --json
save search P search --json harbour
save export-lines P export
save stats P stats --json
save failures P failures --json
save status "$PRECIS_BIN" --db "$T/s.db" status --json
printf '{"state":"stopped","pid":1,"db":"%s","inbox":"/in","watch":"inotify","stored":4,"duplicates":1,"failed":1,"skipped":0,"queue":0,"settling":0,"queued":0,"working":0,"writing":0,"events_lost":0,"rescans":0,"inbox_missing":false,"last_error":null,"started_at":1764400000000,"updated_at":1764400100000,"last_ingest_at":1764400050000,"last_error_at":0}\n' \
	"$T/s.db" >"$T/s.db.status"
save status-stopped "$PRECIS_BIN" --db "$T/s.db" status --json
save extract "$PRECIS_BIN" extract --json "$DATA/harbour.txt"
"$PRECIS_BIN" --db "$DB" list --follow --json >"$T/json/list_follow-lines" &
fpid=$!
deadline=$(($(date +%s) + 30))
until [ "$(wc -l <"$T/json/list_follow-lines")" -ge 4 ]; do
	[ "$(date +%s)" -lt $deadline ] || fail "list --follow --json: no output"
	sleep 0.1
done
kill -INT $fpid
wait $fpid || fail "list --follow: exit $?"

python3 - "$SCHEMA" "$T/json" "$PRECIS_SRC/docs/json.md" <<'PY' || fail "JSON contract"
import json, os, re, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
def check(defname, value, where):
    v = Draft202012Validator({"$ref": "#/$defs/" + defname, **schema})
    errs = sorted(v.iter_errors(value), key=lambda e: list(e.path))
    if errs:
        sys.exit(f"{where} is not a valid '{defname}': " +
                 "; ".join(f"{list(e.path)}: {e.message}" for e in errs[:5]))
seen = {}
for name in sorted(os.listdir(sys.argv[2])):
    text = open(os.path.join(sys.argv[2], name)).read()
    base = re.sub(r"-(lines|full|stopped)$", "", name)
    if name.endswith("-lines"):
        docs = [json.loads(l) for l in text.splitlines()]
        assert docs, f"{name}: no lines"
    else:
        docs = [json.loads(text)]
    for d in docs:
        check(base, d, f"precis {name}")
    seen[name] = docs
    print(f"ok {name}: {len(docs)} document(s) valid as '{base}'")

# The same article, the same object everywhere.
show = seen["show"][0]
key = lambda a: {k: v for k, v in a.items()
                 if k not in ("body", "snippet", "relevance")}
lst = [a for a in seen["list"][0] if a["id"] == show["id"]][0]
hit = [a for a in seen["search"][0] if a["id"] == show["id"]][0]
exp = [a for a in seen["export-lines"] if a["id"] == show["id"]][0]
fol = [a for a in seen["list_follow-lines"] if a["id"] == show["id"]][0]
dig = [a for a in seen["digest"][0] if a["id"] == show["id"]][0]
for name, a in (("list", lst), ("search", hit), ("export", exp),
                ("list --follow", fol), ("digest", dig)):
    assert key(a) == key(show), f"{name} differs from show: {a} {show}"
    assert list(a)[:16] == list(show)[:16], f"{name}: key order"
assert exp["body"] == seen["show-full"][0]["body"]
summ = seen["summarize"][0]
assert list(summ) == list(show) + ["sentences"], (list(summ), list(show))
assert summ["sentences"] == summ["summary"], "summarize: sentences != summary"
assert summ["hash"] == show["hash"] and summ["summary"] == show["summary"], \
    "summarize and show disagree on the same bytes"
assert seen["status-stopped"][0]["started_at"] == "2025-11-29T07:06:40Z"
assert seen["status-stopped"][0]["last_error_at"] is None

# Every example in docs/json.md is valid, and every command has one.
doc = open(sys.argv[3]).read()
examples = re.findall(r"<!-- schema: (\w+) -->\s*```json\n(.*?)```", doc,
                      re.S)
names = set()
for defname, body in examples:
    if defname in ("summarize", "list_follow", "export"):
        for l in body.strip().splitlines():
            check(defname, json.loads(l), f"docs/json.md example {defname}")
    else:
        check(defname, json.loads(body), f"docs/json.md example {defname}")
    names.add(defname)
want = {re.sub(r"-(lines|full|stopped)$", "", n) for n in seen}
assert want <= names, f"docs/json.md lacks examples of {want - names}"
print(f"ok docs/json.md: {len(examples)} examples valid")
PY
exit 0
