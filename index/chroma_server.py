"""Passage vectors in a Chroma server (`chroma run`), for a plant's one knowledge base:
`ChromaServer` is the `VectorStorage`, `ChromaServerIndex` the `VectorIndex` of one search model
on it, doing with its collection what the embedded index does (`index.chroma.ChromaCollection`).

Chroma's `HttpClient` takes `ssl=` and `headers=` (the bearer token for the proxy in front of
the server, docs/deploy.md) but sets no request timeout at all: a hung server would hang a
search, and the window with it, for good. So the deadlines are ours: making the client (which
already asks the server twice) runs in a thread given `connect_s + request_s`, and the client's
httpx session then gets a connect and a request deadline for every later call. Every failure
of a call (unreachable, too slow, a refused token, Chroma's own errors) becomes a `StoreError`
carrying a reason a technician can act on (a `StoreServerError`: the library is not damaged, so
no repair is offered).

The server's data is the server's to look after (plant IT's backups): it reports no damage here
and offers nothing for a repair to move aside; a server that cannot be reached is an error of
`open`, not damage.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from index.chroma import ChromaCollection, open_collection
from kernel.config import ServerDeadlines
from kernel.errors import StoreError, StoreServerError
from kernel.reasons import Reason

COLLECTION_PREFIX = "passages-"
# Passages per write: no interpreter is held while a request travels (the embedded store's
# reason for writing 8 at a time), so fewer, larger requests.
WRITE_BATCH = 256


class Guarded:
    """A Chroma object whose every call turns a failure into the server's `StoreError`."""

    def __init__(self, wrapped: Any, server: ChromaServer):
        self._wrapped = wrapped
        self._server = server

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._wrapped, name)
        if not callable(attribute):
            return attribute
        return lambda *args, **kwargs: self._server.call(attribute, *args, **kwargs)


class ChromaServerIndex(ChromaCollection):
    """One search model's collection on the server."""

    def __init__(self, server: ChromaServer, model_name: str):
        self._server = server
        client = server.client()
        try:
            self._collection = Guarded(server.call(open_collection, client, model_name),
                                       server)
            self._batch = min(server.call(client.get_max_batch_size), WRITE_BATCH)
        except StoreError:
            server.release()
            raise

    def close(self) -> None:
        self._server.release()


class ChromaServer:
    """A Chroma server at `url` (http://host:port, https behind a TLS proxy); `token`, when
    given, goes in `Authorization: Bearer` for the proxy. Nothing is asked before first use."""

    shared = True

    def __init__(self, url: str, token: str = "", deadlines: ServerDeadlines | None = None):
        self.url = url.strip().rstrip("/")
        parts = urlsplit(self.url if "://" in self.url else f"http://{self.url}")
        self._ssl = parts.scheme == "https"
        self._host = parts.hostname or "localhost"
        self._port = parts.port or (443 if self._ssl else 8000)
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.deadlines = deadlines or ServerDeadlines()
        self._client: Any = None
        self._users = 0  # the client closes when its last user lets go
        self._making = threading.Lock()

    def open(self, model_name: str) -> ChromaServerIndex:
        return ChromaServerIndex(self, model_name)

    def has_data(self) -> bool:
        """True when the server holds any search model's passages."""
        client = self.client()
        try:
            names = [getattr(c, "name", c) for c in self.call(client.list_collections)]
        finally:
            self.release()
        return any(name.startswith(COLLECTION_PREFIX) for name in names)

    def problem(self, thorough: bool) -> str | None:
        return None

    def parts(self) -> list[Path]:
        return []

    def create_empty(self) -> None:
        """Nothing to make: a collection is made when a search model's index is opened."""

    # The client, its deadlines, and what its failures mean.

    def client(self) -> Any:
        """The server's client, made on first use; each taker calls `release()` once."""
        with self._making:
            if self._client is None:
                self._client = self._make_client()
            self._users += 1
            return self._client

    def release(self) -> None:
        with self._making:
            self._users -= 1
            if self._users == 0 and self._client is not None:
                self._client.close()
                self._client = None

    def _make_client(self) -> Any:
        import chromadb
        from chromadb.config import Settings

        made: list[Any] = []

        def make() -> None:
            made.append(chromadb.HttpClient(
                host=self._host, port=self._port, ssl=self._ssl, headers=dict(self._headers),
                settings=Settings(anonymized_telemetry=False)))

        deadline = self.deadlines.connect_s + self.deadlines.request_s
        maker = threading.Thread(target=lambda: self._catch(make, made), daemon=True,
                                 name="laoshifu-chroma-connect")
        maker.start()
        maker.join(deadline)
        if maker.is_alive():
            raise self._timed_out(deadline)
        if not made or isinstance(made[0], StoreError):
            raise made[0] if made else self._failed("no client")
        client = made[0]
        session = getattr(getattr(client, "_server", None), "_session", None)
        if not isinstance(session, httpx.Client):
            client.close()
            raise StoreServerError(f"the vector server at {self.url} cannot be used with this "
                             "chromadb version (no deadline can be set on its requests). "
                             "Reinstall Laoshifu (`make install`).")
        session.timeout = httpx.Timeout(self.deadlines.request_s,
                                        connect=self.deadlines.connect_s)
        session.event_hooks["response"] = [self._refuse_unauthorised]
        return client

    def _catch(self, make: Callable[[], None], made: list[Any]) -> None:
        try:
            self.call(make)
        except StoreError as error:
            made.append(error)

    def _refuse_unauthorised(self, response: httpx.Response) -> None:
        """A proxy's 401 or 403 reaches chromadb as a bare exception of the page's text; it is
        recognised here, before that."""
        if response.status_code in (401, 403):
            raise StoreServerError(Reason("vector_server_refused", {"url": self.url}))

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`function(*args, **kwargs)`, its failure a `StoreError` saying what to do."""
        try:
            return function(*args, **kwargs)
        except StoreError:
            raise
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise StoreServerError(Reason("vector_server_unreachable",
                                          {"url": self.url, "detail": str(error)})) from None
        except httpx.TimeoutException:
            raise self._timed_out(self.deadlines.request_s) from None
        except httpx.HTTPError as error:
            raise StoreServerError(Reason("vector_server_unreachable", {
                "url": self.url, "detail": str(error) or type(error).__name__})) from None
        except ValueError as error:
            if "Could not connect" in str(error):  # chromadb's word for a refused connection
                raise StoreServerError(Reason("vector_server_unreachable", {
                    "url": self.url, "detail": "connection refused"})) from None
            raise self._failed(str(error)) from None
        except Exception as error:  # chromadb's errors share no base beyond Exception
            raise self._failed(f"{type(error).__name__}: {error}") from None

    def _timed_out(self, seconds: float) -> StoreServerError:
        return StoreServerError(Reason("vector_server_timeout",
                                       {"url": self.url, "seconds": f"{seconds:g}"}))

    def _failed(self, detail: str) -> StoreServerError:
        return StoreServerError(Reason("vector_server_failed",
                                       {"url": self.url, "detail": detail}))

