"""Fixtures for the fault tests: servers that are not there, and a PostgreSQL that can be cut.

A dead server is a real closed port (nothing listens on port 1 of this
machine), or for SQLite a database file in a directory that does not exist:
each fails the way a server that is down does, with the driver's own error.
"""

import contextlib
import socket
import threading

import pytest

# Nothing listens there: connecting is refused at once.
CLOSED_PORT = 1
DEAD_REDIS = f"redis://127.0.0.1:{CLOSED_PORT}/0"


@pytest.fixture
def dead_database_url(database_url, tmp_path):
    """A database URL of the test run's kind that cannot be reached."""
    if database_url.startswith("postgres"):
        return f"postgresql://postgres@127.0.0.1:{CLOSED_PORT}/test"
    return f"sqlite:///{tmp_path / 'no-such-directory' / 'layanan.db'}"


class CuttableProxy:
    """A TCP relay to a server that can be cut off, as a server restarting looks to its clients.

    `cut()` closes every relayed connection and answers new ones by closing
    them at once; `restore()` relays again.
    """

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        with self.lock:
            self.up = False
            for connection in self.open:
                _close(connection)
            self.open.clear()

    def restore(self) -> None:
        """Relay new connections again."""
        with self.lock:
            self.up = True

    def close(self) -> None:
        """Stop listening and drop everything."""
        self.cut()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                if not self.up:
                    _close(client)
                    continue
                server = socket.create_connection(self.target)
                self.open.update((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    _close(source)
    _close(sink)


def _close(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()
