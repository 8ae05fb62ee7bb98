"""`python -m local_backend serve`: a threaded WSGI server for the whole stand-in.

Built on wsgiref so the fault layer can reach the client socket (a `drop` closes it without an
answer). One thread per connection; HTTP/1.0 with one request per connection keeps it simple.
"""

from __future__ import annotations

import signal
import socketserver
import sys
import traceback
from typing import IO, Any, cast
from wsgiref.handlers import BaseHandler
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from local_backend import config, logsink, sweeper
from local_backend.config import ConfigError
from local_backend.faults import SOCKET_KEY, DropConnection


class _Handler(ServerHandler):
    def handle_error(self) -> None:
        """A dropped connection gets no answer; anything else is logged and answered 500."""
        if isinstance(sys.exc_info()[1], DropConnection):
            BaseHandler.close(self)  # not ServerHandler.close: it logs a status there never was
            return
        super().handle_error()

    def log_exception(self, exc_info: Any) -> None:
        logsink.log("server error:\n" + "".join(traceback.format_exception(*exc_info)).rstrip())


class RequestHandler(WSGIRequestHandler):
    timeout = 120  # a client that connects and says nothing does not hold a thread forever

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ[SOCKET_KEY] = self.connection
        return environ

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        """Silenced: the request log middleware writes one line per request itself."""

    def handle(self) -> None:
        """wsgiref's handle(), with our ServerHandler."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        # The socket's buffered files: typeshed says BufferedIOBase, ServerHandler asks for IO[bytes].
        stdin, stdout = cast(IO[bytes], self.rfile), cast(IO[bytes], self.wfile)
        handler = _Handler(stdin, stdout, sys.stderr, self.get_environ(), multithread=True)
        handler.request_handler = self  # type: ignore[attr-defined]
        handler.run(self.server.get_app())  # type: ignore[attr-defined]


class ThreadedServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self) -> None:
        """As HTTPServer's, minus socket.getfqdn(), which can stall without a network."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = port
        self.setup_environ()


def run(host: str, port: int) -> None:
    from local_backend.wsgi import application

    config.sweep_interval()
    config.runtime()  # a bad setting in the environment stops the start, not the first request using it
    try:
        server = ThreadedServer((host, port), RequestHandler)
    except OSError as exc:
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    server.set_app(application)
    bound_port = server.server_address[1]
    print(f"Local backend listening on http://{host}:{bound_port}", flush=True)
    logsink.start()
    sweeper.start()

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
