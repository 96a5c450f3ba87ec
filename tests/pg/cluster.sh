#!/bin/sh
# A throwaway PostgreSQL cluster for the tests (CTest fixture "pg").
#   cluster.sh start STATE   initdb + pg_ctl start; the socket directory is
#                            written to the file STATE
#   cluster.sh stop STATE    stop it and remove everything
# The server runs as an unprivileged user (PostgreSQL refuses root: nobody
# when run as root), trusts local connections for the superuser "precis",
# and listens only on a Unix socket in a fresh directory under /tmp (a
# socket path must stay under 108 bytes), never on a TCP port.
set -eu
cmd=${1:?usage: cluster.sh start|stop STATE}
state=${2:?usage: cluster.sh start|stop STATE}

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
	echo "SKIP: no PostgreSQL server (Debian package postgresql)" >&2
	exit 77
fi

as_user() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

case $cmd in
start)
	if [ -f "$state" ]; then
		"$0" stop "$state" || true
	fi
	dir=$(mktemp -d /tmp/precis-pg.XXXXXX)
	chmod 755 "$dir"
	[ "$(id -u)" = 0 ] && chown nobody:nogroup "$dir"
	as_user "$bin/initdb" -D "$dir/data" -U precis --auth=trust \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
		cat "$dir/initdb.log" >&2
		exit 1
	}
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $dir -c fsync=on" start \
		>/dev/null || {
		cat "$dir/server.log" >&2
		exit 1
	}
	echo "$dir" >"$state"
	;;
stop)
	[ -f "$state" ] || exit 0
	dir=$(cat "$state")
	if [ -d "$dir/data" ]; then
		as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	rm -f "$state"
	;;
restart)
	# Used by the fault test: the server goes away mid-ingest.
	dir=$(cat "$state")
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-m "${3:-fast}" -o "-c listen_addresses='' -k $dir" restart \
		>/dev/null
	;;
pause)
	dir=$(cat "$state")
	as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
	;;
resume)
	dir=$(cat "$state")
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -k $dir" start >/dev/null
	;;
*)
	echo "usage: cluster.sh start|stop|restart|pause|resume STATE" >&2
	exit 2
	;;
esac
