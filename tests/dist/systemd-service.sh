#!/bin/sh
# precisd under a real systemd (252, Debian 12) as PID 1, in a throwaway
# container this test makes (tests/dist/container.inc: unshare, an overlay
# of / on a tmpfs, pivot_root; never the host's own / or /tmp):
# - `dpkg -i` the package dist/deb-package built: user, group and inbox
#   created, unit enabled;
# - `systemctl start precisd` reaches active (Type=notify: READY=1 came)
#   with a STATUS= line, and the watchdog is armed;
# - a member of the precis group drops a text, a Markdown and an HTML
#   article into /var/lib/precis/inbox and reads them back with
#   `precis list` and `precis show`;
# - `systemctl reload` keeps it running (same PID) and applies a change; a
#   broken configuration is refused and the old one stays in force;
# - with WatchdogSec=2s (a drop-in) it keeps pinging and stays up;
# - the digest timer ships disabled; the digest service writes an Atom
#   feed and an HTML page the group can read;
# - reinstalling keeps an edited /etc/precis/precis.conf, asking nothing;
# - `systemctl stop` exits cleanly (status 0);
# - `dpkg --purge` leaves no file of the package, no configuration and no
#   /var/lib/precis behind.
# Needs root; runs only in the normal (not sanitizer) build.
set -eu
: "${PRECIS_SRC:?}" "${PRECIS_BUILD:?}"
. "$(dirname "$0")/container.inc"

[ "$(id -u)" -eq 0 ] || { echo "needs root (namespaces, mounts)"; exit 77; }
[ -x /lib/systemd/systemd ] || { echo "FAIL: no /lib/systemd/systemd"; exit 1; }
for c in unshare nsenter setpriv pivot_root; do
	command -v "$c" >/dev/null 2>&1 || { echo "FAIL: no $c"; exit 1; }
done
deb=$(ls "$PRECIS_BUILD"/deb/precis_*_*.deb 2>/dev/null | head -n 1) || true
[ -n "$deb" ] || { echo "FAIL: no package in $PRECIS_BUILD/deb (dist/deb-package builds it)"; exit 1; }

T=$(mktemp -d /tmp/precis-systemd.XXXXXX)
cleanup() {
	set +e # every step runs, whatever failed before or fails here
	[ -n "${deadline:-}" ] && kill "$deadline" 2>/dev/null
	ct_cleanup
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# Our own deadline, well inside CTest's: a TERM runs the cleanup above,
# where CTest's kill at its timeout might not.
# The sleep holds no descriptor of ours, so nothing waits for it to end.
(
	sleep "${PRECIS_SERVICE_DEADLINE:-600}" </dev/null >/dev/null 2>&1 &
	s=$!
	trap 'kill $s 2>/dev/null; exit 0' TERM
	wait $s && echo "FAIL: the service test ran over ${PRECIS_SERVICE_DEADLINE:-600} s" && kill -TERM $$
) &
deadline=$!
fail() {
	echo "FAIL: $*"
	if [ -n "$CT_PID" ]; then
		echo "--- journal of precisd:"
		in_ct journalctl -u precisd --no-pager -o short-monotonic 2>&1 | tail -n 30
		echo "--- systemctl status:"
		in_ct systemctl status precisd --no-pager 2>&1 | tail -n 15
	fi
	exit 1
}
ok() { echo "ok: $*"; }

mkdir -p "$T/seed"
cp "$deb" "$T/seed/"
cp "$PRECIS_SRC/tests/data/cli/harbour.txt" "$T/seed/harbour.txt"
cp "$PRECIS_SRC/tests/data/md/article.md" "$T/seed/bridge.md"
cp "$PRECIS_SRC/tests/data/html/article.html" "$T/seed/reopens.html"
cp "$PRECIS_SRC/tests/data/cli/budget.md" "$T/seed/budget.md"
{ cat "$PRECIS_SRC/tests/data/cli/harbour.txt"; echo;
  echo "The harbour office will publish a full report next week."; } \
	>"$T/seed/harbour-update.txt"
chmod -R a+rX "$T/seed"

start=$(date +%s)
rc=0
container_boot "$T" || rc=$?
[ "$rc" -eq 0 ] || { [ "$rc" -eq 77 ] && exit 77; fail "booting the container"; }
ok "systemd $(in_ct systemctl --version | sed -n '1s/^systemd \([0-9]*\).*/\1/p') is PID 1 of the container ($(( $(date +%s) - start )) s)"

prop() { in_ct systemctl show -P "$1" precisd.service; }
# wait_for SECONDS WHAT COMMAND...: poll COMMAND every 0.2 s.
wait_for() {
	secs=$1 what=$2
	shift 2
	n=0
	until "$@" >/dev/null 2>&1; do
		n=$((n + 1))
		[ $n -lt $((secs * 5)) ] || fail "timed out after ${secs} s waiting for $what"
		sleep 0.2
	done
}

# Install.
in_ct dpkg -i "/seed/$(basename "$deb")" >"$T/dpkg.log" 2>&1 ||
	{ cat "$T/dpkg.log"; fail "dpkg -i"; }
in_ct getent group precis >/dev/null || fail "no precis group after install"
in_ct getent passwd precis >/dev/null || fail "no precis user after install"
[ "$(in_ct stat -c '%a %U %G' /var/lib/precis/inbox)" = "2770 precis precis" ] ||
	fail "inbox is '$(in_ct stat -c '%a %U %G' /var/lib/precis/inbox)', not '2770 precis precis'"
[ "$(in_ct systemctl is-enabled precisd)" = enabled ] || fail "precisd is not enabled"
ok "dpkg -i: user, group, inbox 2770, unit enabled"

# Start: Type=notify is active only once READY=1 came.
in_ct systemctl start precisd || fail "systemctl start precisd"
[ "$(prop ActiveState)/$(prop SubState)" = active/running ] ||
	fail "precisd is $(prop ActiveState)/$(prop SubState) after start"
[ "$(prop Type)" = notify ] || fail "not Type=notify"
wait_for 10 "a STATUS= line" sh -c "[ -n \"\$(timeout 10 nsenter -t $CT_PID -m -p systemctl show -P StatusText precisd)\" ]"
ok "active (READY=1) with STATUS: $(prop StatusText)"
[ "$(prop WatchdogUSec)" = 30s ] || fail "WatchdogUSec is '$(prop WatchdogUSec)'"
[ "$(prop WatchdogTimestampMonotonic)" -gt 0 ] || fail "watchdog not armed"
ok "watchdog armed (WatchdogUSec=30s)"
pid=$(prop MainPID)
[ "$(in_ct ps -o user= -p "$pid")" = precis ] || fail "precisd does not run as precis"

# A member of the group drops three articles and reads them back.
in_ct useradd --no-create-home --shell /bin/sh --groups precis alice ||
	fail "useradd alice"
as_alice() { in_ct setpriv --reuid=alice --regid=alice --init-groups "$@"; }
as_alice sh -c 'cd /var/lib/precis/inbox &&
	cp /seed/harbour.txt /seed/bridge.md /seed/reopens.html .' ||
	fail "alice cannot drop files into the inbox"
# With no option precis finds the store from /etc/precis/precis.conf;
# while that file is broken (below) it needs --db.
dbopt=""
count() { as_alice precis $dbopt list --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
articles_are() { [ "$(count 2>/dev/null)" = "$1" ]; }
wait_for 30 "three articles in precis list" articles_are 3
as_alice precis list >"$T/list.txt" || fail "precis list as alice"
for t in "Harbour reopens after three-day storm" \
	"Harbour bridge to stay shut until spring" "Harbour bridge reopens after two years of repairs"; do
	grep -q "$t" "$T/list.txt" || { cat "$T/list.txt"; fail "'$t' not in precis list"; }
done
# show: by hash prefix and by path; each format as it was sniffed.
show_json() { as_alice precis $dbopt show --json "$1"; }
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); v=d[sys.argv[1]]; print(len(v) if isinstance(v, list) else v)' "$1"; }
as_alice precis list --json >"$T/list.json"
for f in harbour.txt:text bridge.md:markdown reopens.html:html; do
	path=/var/lib/precis/inbox/${f%%:*}
	show_json "$path" >"$T/show.json" || fail "precis show $path"
	[ "$(field format <"$T/show.json")" = "${f#*:}" ] ||
		fail "$path stored as $(field format <"$T/show.json"), not ${f#*:}"
	[ "$(field summary <"$T/show.json")" -ge 1 ] || fail "$path has no summary"
	hash=$(field hash <"$T/show.json")
	as_alice precis show "$(echo "$hash" | cut -c1-8)" >"$T/show.txt" ||
		fail "precis show by hash prefix"
	first=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["summary"][0]["text"][:40])' \
		<"$T/show.json") || { cat "$T/show.json"; fail "no summary in show --json"; }
	[ -n "$first" ] && grep -qF "$first" "$T/show.txt" ||
		fail "precis show $(echo "$hash" | cut -c1-8) lacks the summary"
done
ok "alice dropped text, Markdown and HTML; precis list and show read them back"

# Reload: a valid change is applied, the process stays.
in_ct sed -i 's/^length = 5$/length = 2/' /etc/precis/precis.conf
in_ct grep -qx 'length = 2' /etc/precis/precis.conf || fail "could not edit the configuration"
in_ct systemctl reload precisd || fail "systemctl reload"
wait_for 10 "the reload to be logged" sh -c \
	"timeout 10 nsenter -t $CT_PID -m -p journalctl -u precisd -o cat | grep -q 'configuration reloaded'"
[ "$(prop ActiveState)" = active ] && [ "$(prop MainPID)" = "$pid" ] ||
	fail "reload did not keep the same process running"
as_alice cp /seed/budget.md /var/lib/precis/inbox/ || fail "drop after reload"
wait_for 30 "the article dropped after the reload" articles_are 4
[ "$(show_json /var/lib/precis/inbox/budget.md | field summary)" = 2 ] ||
	fail "the reloaded length = 2 was not applied"
ok "reload keeps PID $pid and applies length = 2"

# A broken configuration is refused; the old one stays in force.
in_ct sed -i 's/^length = 2$/length = 1\nno_such_key = 1/' /etc/precis/precis.conf
in_ct systemctl reload precisd || fail "systemctl reload (broken)"
wait_for 10 "the refusal to be logged" sh -c \
	"timeout 10 nsenter -t $CT_PID -m -p journalctl -u precisd -o cat | grep -q 'reload failed, keeping the running configuration'"
in_ct journalctl -u precisd -o cat | grep -q 'precis.conf:[0-9]*.*no_such_key' ||
	fail "the refusal does not name file:line and the key"
[ "$(prop ActiveState)" = active ] && [ "$(prop MainPID)" = "$pid" ] ||
	fail "a broken configuration stopped precisd"
dbopt="--db /var/lib/precis/precis.db"
as_alice cp /seed/harbour-update.txt /var/lib/precis/inbox/ || fail "drop after broken reload"
wait_for 30 "the article dropped after the broken reload" articles_are 5
[ "$(show_json /var/lib/precis/inbox/harbour-update.txt | field summary)" = 2 ] ||
	fail "the broken configuration's length = 1 was applied"
ok "a broken configuration is refused (file:line logged), length = 2 stays"
in_ct sed -i 's/^length = 1$/length = 5/; /^no_such_key = 1$/d' /etc/precis/precis.conf
dbopt=""

# The digest: its timer ships disabled; the service writes an Atom feed
# and an HTML page of the last day that a group member can read.
[ "$(in_ct systemctl is-enabled precis-digest.timer)" = disabled ] ||
	fail "precis-digest.timer is not disabled after install"
in_ct systemctl start precis-digest.service || fail "systemctl start precis-digest.service"
[ "$(in_ct systemctl show -P Result precis-digest.service)" = success ] ||
	fail "precis-digest.service: $(in_ct systemctl show -P Result precis-digest.service)"
entries=$(as_alice python3 -c '
import xml.etree.ElementTree as ET
root = ET.parse("/var/lib/precis/digest/feed.atom").getroot()
print(len(root.findall("{http://www.w3.org/2005/Atom}entry")))') ||
	fail "alice cannot read a well-formed /var/lib/precis/digest/feed.atom"
[ "$entries" = 5 ] || fail "the feed has $entries entries, not 5"
as_alice grep -q "Parliament debates the budget" /var/lib/precis/digest/index.html ||
	fail "the HTML digest lacks an article"
in_ct systemctl enable --now precis-digest.timer >/dev/null 2>&1 ||
	fail "systemctl enable --now precis-digest.timer"
[ "$(in_ct systemctl is-active precis-digest.timer)" = active ] ||
	fail "precis-digest.timer does not start"
ok "digest: timer disabled by default; feed.atom (5 entries) and index.html written"

# Reinstalling (dpkg's upgrade path, to the same version) keeps an edited
# configuration without asking (stdin is empty: a question would fail) and
# leaves precisd running.
in_ct sh -c 'echo "; edited by the administrator" >>/etc/precis/precis.conf'
in_ct dpkg -i "/seed/$(basename "$deb")" </dev/null >"$T/dpkg2.log" 2>&1 ||
	{ cat "$T/dpkg2.log"; fail "dpkg -i over the installed package"; }
in_ct grep -q '^; edited by the administrator$' /etc/precis/precis.conf ||
	fail "reinstalling the package lost an edit to /etc/precis/precis.conf"
[ "$(prop ActiveState)" = active ] || fail "precisd is $(prop ActiveState) after reinstalling"
ok "reinstall keeps the edited conffile; precisd still active"

# The watchdog keeps being fed: a 2 s watchdog for 5 s.
in_ct mkdir -p /run/systemd/system/precisd.service.d
in_ct sh -c 'printf "[Service]\nWatchdogSec=2s\n" >/run/systemd/system/precisd.service.d/watchdog.conf'
in_ct systemctl daemon-reload
in_ct systemctl restart precisd || fail "restart with WatchdogSec=2s"
pid=$(prop MainPID)
t0=$(prop WatchdogTimestampMonotonic)
sleep 5
[ "$(prop ActiveState)" = active ] && [ "$(prop MainPID)" = "$pid" ] &&
	[ "$(prop NRestarts)" = 0 ] || fail "the watchdog killed precisd"
[ "$(prop WatchdogTimestampMonotonic)" -gt "$t0" ] || fail "no WATCHDOG=1 in 5 s"
in_ct rm -r /run/systemd/system/precisd.service.d
in_ct systemctl daemon-reload
ok "WATCHDOG=1 pings keep a 2 s watchdog fed"

# Stop: SIGTERM, STOPPING=1, exit 0.
in_ct systemctl stop precisd || fail "systemctl stop"
[ "$(prop ActiveState)" = inactive ] || fail "still $(prop ActiveState) after stop"
[ "$(prop Result)" = success ] && [ "$(prop ExecMainStatus)" = 0 ] ||
	fail "stop: Result=$(prop Result), status $(prop ExecMainStatus)"
ok "systemctl stop: exit status 0"

# Purge: nothing of the package left.
in_ct dpkg -L precis >"$T/files"
in_ct dpkg --purge precis >"$T/purge.log" 2>&1 || { cat "$T/purge.log"; fail "dpkg --purge"; }
# Every file is gone, and every directory that is the package's own.
left=""
while IFS= read -r f; do
	if in_ct test -d "$f"; then
		case $f in *precis*) left="$left $f" ;; esac
	elif in_ct test -e "$f" || in_ct test -L "$f"; then
		left="$left $f"
	fi
done <"$T/files"
for f in /etc/precis /var/lib/precis \
	/etc/systemd/system/multi-user.target.wants/precisd.service \
	/etc/systemd/system/timers.target.wants/precis-digest.timer; do
	in_ct test -e "$f" && left="$left $f"
done
[ -z "$left" ] || fail "left after purge:$left"
[ "$(prop LoadState)" = not-found ] || fail "precisd.service still loads after purge"
ok "dpkg --purge: no package file, /etc/precis or /var/lib/precis left"
echo "ok: the service test took $(( $(date +%s) - start )) s"
