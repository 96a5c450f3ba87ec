#!/bin/sh
# A file swapped for a symlink between the daemon's check and its read
# (docs/hostile-inputs.md): an attacker with write access to the inbox
# keeps exchanging a regular decoy with a link to a secret outside it.
# The decoy has the secret's size and mtime, so only the file's identity
# (device and inode of what was opened) tells them apart.  The secret must
# never be stored, whatever follow_symlinks says.
. "$(dirname "$0")/daemon-common.inc"

SWAP_SECONDS=${SWAP_SECONDS:-6}
mkdir "$T/private"
python3 -c '
import sys
open(sys.argv[1], "w").write("The secret code is 4711. Nobody outside may read it. "
                             "It lives outside the inbox.\n" * 20)' "$T/private/secret.txt"
secret=$(b2 "$T/private/secret.txt")
for follow in false true; do
	write_conf "follow_symlinks = $follow"
	start_daemon
	python3 - "$INBOX" "$T/private/secret.txt" "$SWAP_SECONDS" <<'PY'
import ctypes, os, sys, time
inbox, secret, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
libc = ctypes.CDLL(None, use_errno=True)
RENAME_EXCHANGE = 2
def exchange(a, b):
    if libc.renameat2(-100, a.encode(), -100, b.encode(), RENAME_EXCHANGE):
        raise OSError(ctypes.get_errno(), "renameat2")
st = os.stat(secret)
victim = os.path.join(inbox, "victim.txt")
spare = os.path.join(inbox, ".spare")  # a dot-name: ignored
# The decoy: same size and mtime as the secret, different bytes.
with open(victim, "wb") as f:
    f.write(b"x" * st.st_size)
os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
os.symlink(secret, spare)
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    exchange(victim, spare)   # victim.txt is now the link
    exchange(victim, spare)   # and the decoy again
    n += 2
    if n % 200 == 0:
        time.sleep(0.001)
print(f"{n} swaps")
PY
	stop_daemon
	if listing | grep -q "^$secret "; then
		fail "follow_symlinks = $follow: the secret outside the inbox was stored"
	fi
	rm -f "$INBOX/victim.txt" "$INBOX/.spare"
	ok "follow_symlinks = $follow: the secret was never stored"
done
