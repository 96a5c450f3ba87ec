#!/usr/bin/env python3
"""Listen on an AF_UNIX datagram socket as the service manager would
(NOTIFY_SOCKET) and append every sd_notify message to a log, one
assignment per line, so shell tests can wait for READY=1 or STOPPING=1."""
import os
import socket
import sys

path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
try:
    os.unlink(path)
except FileNotFoundError:
    pass
s.bind(path)
with open(log, "a", buffering=1) as f:
    f.write("LISTENING=1\n")
    while True:
        msg = s.recv(65536).decode("utf-8", "replace")
        for line in msg.split("\n"):
            if line:
                f.write(line + "\n")
