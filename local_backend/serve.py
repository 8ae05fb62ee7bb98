"""`python -m local_backend serve`: a threaded WSGI server for the whole stand-in.

Django's own runserver classes (HTTP/1.1, persistent connections, the unread part of a body skipped),
with two additions: the fault layer can reach the client socket (a `drop` closes it without an answer),
and a connection left idle past `timeout` is closed quietly. Connections stay open between requests as
production's backend keeps them: the web app's pool reuses them instead of connecting for every call.
"""

from __future__ import annotations

import signal
import socketserver
import sys
import traceback
from typing import Any
from wsgiref.handlers import BaseHandler

from django.core.servers import basehttp

from local_backend import config, logsink, sweeper
from local_backend.config import ConfigError
from local_backend.faults import SOCKET_KEY, DropConnection


class _Handler(basehttp.ServerHandler):
    def handle_error(self) -> None:
        """A dropped connection gets no answer, and is not read again; anything else is logged and answered
        500."""
        if isinstance(sys.exc_info()[1], DropConnection):
            self.request_handler.close_connection = True  # type: ignore[attr-defined]
            BaseHandler.close(self)  # not ServerHandler.close: it reads the body and logs a status never sent
            return
        super().handle_error()

    def log_exception(self, exc_info: Any) -> None:
        logsink.log("server error:\n" + "".join(traceback.format_exception(*exc_info)).rstrip())


class RequestHandler(basehttp.WSGIRequestHandler):
    timeout = 120  # a connection idle this long is closed: a client that says nothing holds no thread forever
    disable_nagle_algorithm = True  # the body, written after the headers, leaves at once, not 40 ms later

    def get_environ(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environ()
        environ[SOCKET_KEY] = self.connection
        return environ

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        """Silenced: the request log middleware writes one line per request itself."""

    def handle_one_request(self) -> None:
        """Django's, with our ServerHandler; a connection that goes quiet or away ends without a word."""
        try:
            self.raw_requestline = self.rfile.readline(65537)
        except (TimeoutError, ConnectionError):
            self.close_connection = True
            return
        if len(self.raw_requestline) > 65536:
            self.requestline = self.request_version = self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():  # an empty line (the client closed) or an answered bad request
            return
        handler = _Handler(self.rfile, self.wfile, self.get_stderr(), self.get_environ())
        handler.request_handler = self  # type: ignore[attr-defined]  # Django's back-pointer
        handler.run(self.server.get_app())  # type: ignore[attr-defined]


class ThreadedServer(basehttp.ThreadedWSGIServer):
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
