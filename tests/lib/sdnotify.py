"""The service manager's end of NOTIFY_SOCKET, for tests and benchmarks
that run precisd themselves: every sd_notify message is read (an unread
socket fills up and blocks the sender) and kept, one assignment per
entry, so a caller can count them and wait for the next one."""
import os
import socket
import threading


class Notify:
    def __init__(self, path):
        self.path = path
        if os.path.exists(path):
            os.unlink(path)
        self.s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.s.bind(path)
        self.msgs = []
        self.cv = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                m = self.s.recv(4096).decode()
            except OSError:
                return
            with self.cv:
                self.msgs.extend(m.split("\n"))
                self.cv.notify_all()

    def count(self, what):
        """How many times @what (e.g. "READY=1") has come."""
        with self.cv:
            return self.msgs.count(what)

    def wait(self, what, n=1, timeout=30):
        """Whether @what came @n times in all within @timeout seconds."""
        with self.cv:
            return self.cv.wait_for(lambda: self.msgs.count(what) >= n,
                                    timeout)

    def close(self):
        self.s.close()
