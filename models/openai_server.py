"""The `ChatModel` of an answer server: llama.cpp's OpenAI-compatible server on the plant's GPU
box (`python -m llama_cpp.server` or `llama-server`), answering every line PC.

httpx rather than the `openai` package: half of what the seam needs is not OpenAI's API (token
counts at `/extras/tokenize` or `/tokenize`, the window at `/props`); the `openai` client
retries twice by default, with back-off, so a server that is down would be reported after
three deadlines instead of one; and a cancel must reach the socket, which it keeps out of
reach. One httpx client does all of it, its only hidden behaviour the connection pool.

Deadlines are ours to keep (`kernel.config.ServerDeadlines`): connecting, the first token
(which includes waiting behind other PCs' answers, since a llama.cpp server reads one prompt
at a time, and reading ours) and silence after it. They are kept by the one reading the
reply, not by the socket: `llama_cpp.server` sends a ping every 15 s, so a server that never
starts answering never looks silent to a socket timeout. Once it writes, a ping does count as
a sign of life: a token may carry no text (bytes of a character still incomplete), and on a
slow server (measured: 1.7 tokens/s on a loaded CPU box) a run of those lasted over 30 s.

What each server tells, found by asking (`/props` answers only on llama-server):
- both count a text's tokens (llama_cpp.server at `POST /extras/tokenize`, llama-server at
  `POST /tokenize`) and, in a one-token request, a chat's cost as the model reads it. A reply
  makes that request first, in its own thread (it reads the prompt, so the pages found must
  not wait for it): it leaves the prompt in the server's cache, so the answer does not read it
  again, and a prompt too long for the window is refused there, with the server's window in
  the refusal, before anything streams. `stream_chat` refuses at once what the messages' own
  tokens already show too long.
- llama-server publishes its window (`/props`) and what its cache saved (a reply's `timings`).
  llama_cpp.server does neither: its window is the configured one (`LAOSHIFU_N_CTX`, by
  default 2048, the server's own default) until it refuses a prompt and states its own, and
  `stats.cached_tokens` is None.

Closing the stream stops the server's generation within a token (not during prompt reading:
the server finds out at its first token). A stream that ends with `[DONE]` but without a finish
reason was cut short by llama_cpp.server for another request (its default, unless started with
`--interrupt_requests False`): that is reported, never taken for a complete answer.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx

from kernel.config import ServerDeadlines
from kernel.errors import ModelError
from kernel.reasons import Reason
from models.chat_model import REPEAT_PENALTY, GenerationStats
from models.threaded_reply import ThreadedReply

LLAMA_CPP_PYTHON, LLAMA_SERVER = "llama_cpp.server", "llama-server"
# llama_cpp.server: "This model's maximum context length is 2048 tokens. However, you
# requested 2139 tokens (2131 in the messages, 8 in the completion)."
_WINDOW = re.compile(r"maximum context length is (\d+) tokens")
_PROMPT = re.compile(r"(\d+) in the messages")


@dataclass(frozen=True)
class _Server:
    """What the server said of itself when first asked."""

    kind: str  # LLAMA_CPP_PYTHON or LLAMA_SERVER
    model: str
    window: int | None  # None: the server does not publish it
    version: str


def _base_and_root(url: str) -> tuple[str, str]:
    """The OpenAI base URL (ending in /v1) and the server's root, from what the user typed
    (with or without /v1)."""
    root = url.strip().rstrip("/").removesuffix("/v1")
    return f"{root}/v1", root


def _detail(response: httpx.Response) -> str:
    """The server's own words for an error: OpenAI's {"error": {"message"}} or the body."""
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict) and error.get("message"):
        return str(error["message"])
    return f"HTTP {response.status_code} {response.text[:200]}".strip()


class OpenAICompatibleServer:
    """An answer server (`ChatModel`) at an OpenAI-compatible base URL; the key, when given, is
    sent as `Authorization: Bearer`. Nothing is asked of the server before first use."""

    def __init__(self, url: str, key: str = "", *, n_ctx: int = 2048,
                 deadlines: ServerDeadlines | None = None):
        self.url = url.strip()
        self._base, self._root = _base_and_root(url)
        self.deadlines = deadlines or ServerDeadlines()
        self._configured_window = n_ctx
        self._learned_window: int | None = None
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        # The read deadline is a backstop; replies keep their own (module docstring).
        self._client = httpx.Client(headers=headers, timeout=httpx.Timeout(
            self.deadlines.first_token_s, connect=self.deadlines.connect_s))
        self._server: _Server | None = None
        self._asking = threading.Lock()

    # What the server says of itself.

    def _identity(self) -> _Server:
        with self._asking:
            if self._server is None:
                self._server = self._identify()
            return self._server

    def _identify(self) -> _Server:
        models = self._request("GET", f"{self._base}/models").get("data") or [{}]
        model = re.split(r"[\\/]", str(models[0].get("id", "")))[-1] or self.url
        props = self._request("GET", f"{self._root}/props", missing_ok=True)
        settings = props.get("default_generation_settings") if props else None
        if isinstance(settings, dict) and settings.get("n_ctx"):
            return _Server(LLAMA_SERVER, model, int(settings["n_ctx"]),
                           str(props.get("build_info", "")))
        if self._request("POST", f"{self._root}/extras/tokenize", json={"input": ""},
                         missing_ok=True) is None:
            raise ModelError(Reason("answer_server_unknown", {
                "url": self.url, "detail": "it counts no tokens at /extras/tokenize or "
                                           "/tokenize"}))
        api = self._request("GET", f"{self._root}/openapi.json", missing_ok=True) or {}
        return _Server(LLAMA_CPP_PYTHON, model, None,
                       str((api.get("info") or {}).get("version", "")))

    @property
    def name(self) -> str:
        """The model the server runs (its file name); asks the server on first use."""
        return self._identity().model

    @property
    def n_ctx(self) -> int:
        """The server's window: published (llama-server), stated in a refusal, or configured."""
        return self._identity().window or self._learned_window or self._configured_window

    def start(self) -> None:
        """Ask the server who it is now, so an unreachable server is reported before the first
        question, and the first question does not wait for it."""
        self._identity()

    def system_info(self) -> str:
        server = self._identity()
        return f"{server.kind} {server.version} at {self.url}, model {server.model}".strip()

    def count_tokens(self, text: str) -> int:
        if self._identity().kind == LLAMA_SERVER:
            body: dict[str, Any] = {"content": text, "add_special": False,
                                    "parse_special": False}
            return len(self._request("POST", f"{self._root}/tokenize", json=body)["tokens"])
        return len(self._request("POST", f"{self._root}/extras/tokenize",
                                 json={"input": text})["tokens"])

    def prompt_tokens(self, messages: list[dict]) -> int:
        """The server's own count, from a one-token request (module docstring)."""
        body = {"messages": messages, "max_tokens": 1, "temperature": 0.0, "stream": False}
        reply = self._request("POST", f"{self._base}/chat/completions", json=body)
        return int(reply["usage"]["prompt_tokens"])

    # Answers.

    def stream_chat(self, messages: list[dict], max_tokens: int = 256) -> ServerReply:
        """Start the reply: greedy, with the in-process model's repeat penalty. The messages'
        own tokens (a lower bound of the prompt) are checked against the window at once; the
        server's exact count, which reads the prompt, is the reply's first step, so the pages
        found are shown without waiting for it."""
        text = "\n".join(str(message.get("content", "")) for message in messages)
        if refusal := self.too_long(self.count_tokens(text), max_tokens):
            raise refusal
        body = {"messages": messages, "max_tokens": max_tokens, "temperature": 0.0,
                "repeat_penalty": REPEAT_PENALTY, "stream": True}
        return ServerReply(self, body, GenerationStats(cached_tokens=None))

    def too_long(self, prompt: int, max_tokens: int) -> ModelError | None:
        """The window error when `prompt` and the reply do not fit, else None."""
        return self._too_long(prompt, self.n_ctx) if prompt + max_tokens > self.n_ctx else None

    def stream(self, body: dict) -> Any:
        """The streaming request a reply reads (its context manager)."""
        return self._client.stream("POST", f"{self._base}/chat/completions", json=body)

    def close(self) -> None:
        self._client.close()

    # Requests and what their failures mean to a technician.

    def _request(self, method: str, url: str, *, missing_ok: bool = False,
                 **options: Any) -> Any:
        """The JSON answer; None for a 404/405 when `missing_ok` (asking what the server is)."""
        try:
            response = self._client.request(method, url, **options)
        except httpx.HTTPError as error:
            raise self.failure(error) from None
        if missing_ok and response.status_code in (404, 405):
            return None
        self.check(response)
        try:
            return response.json()
        except ValueError:
            raise ModelError(Reason("answer_server_unknown", {
                "url": self.url, "detail": f"{url} did not answer in JSON"})) from None

    def check(self, response: httpx.Response) -> None:
        """Raise what an error status means; a prompt over the window teaches the window."""
        status = response.status_code
        if status < 400:
            return
        if status in (401, 403):
            raise ModelError(Reason("answer_server_key", {"url": self.url}))
        try:
            error = response.json().get("error") or {}
        except (ValueError, AttributeError):
            error = {}
        message = str(error.get("message", ""))
        if error.get("code") == "context_length_exceeded" or error.get(
                "type") == "exceed_context_size_error":
            window = error.get("n_ctx") or (_WINDOW.search(message) or [None, None])[1]
            prompt = error.get("n_prompt_tokens") or (_PROMPT.search(message) or [0, 0])[1]
            if window:
                self._learned_window = int(window)
            raise self._too_long(int(prompt), self.n_ctx)
        raise ModelError(Reason("answer_server_failed", {"url": self.url,
                                                         "detail": _detail(response)}))

    def failure(self, error: httpx.HTTPError) -> ModelError:
        """A transport error as a technician reads it."""
        if isinstance(error, httpx.ConnectTimeout | httpx.ConnectError):
            return ModelError(Reason("answer_server_unreachable",
                                     {"url": self.url, "detail": str(error) or "no answer"}))
        if isinstance(error, httpx.TimeoutException):
            return self.timed_out(self.deadlines.first_token_s)
        return ModelError(Reason("answer_server_lost",
                                 {"url": self.url, "detail": str(error) or type(error).__name__}))

    def timed_out(self, seconds: float) -> ModelError:
        return ModelError(Reason("answer_server_timeout",
                                 {"url": self.url, "seconds": f"{seconds:g}"}))

    def _too_long(self, prompt: int, window: int) -> ModelError:
        return ModelError(f"the question and its sources need {prompt} tokens, more than the "
                          f"answer server's window of {window} allows. Ask a shorter question, "
                          "or ask plant IT to start the server with a larger context size.")


class ServerReply(ThreadedReply):
    """A `Reply` streamed by the server: a thread reads the events (`models.threaded_reply`),
    and iterating keeps the deadlines (module docstring)."""

    def __init__(self, server: OpenAICompatibleServer, body: dict, stats: GenerationStats):
        super().__init__(stats)
        self._server = server
        self._body = body
        self._last_heard = self._started  # the last line of the stream, a ping included
        self._socket: socket.socket | None = None
        self._begin()

    def cancel(self) -> None:
        super().cancel()
        self._hang_up()

    def _idle(self) -> None:
        """Give up on a server that has not written the first word in time (its pings while
        it waits or reads the prompt do not count), or has since gone silent: pings do count
        then, since a token may carry no text yet (a character split over several tokens
        comes out whole, and a slow server takes seconds a token)."""
        deadlines = self._server.deadlines
        if self.stats.first_token_s is None:
            since, limit = self._started, deadlines.first_token_s
        else:
            since, limit = self._last_heard, deadlines.between_tokens_s
        if time.monotonic() - since > limit:
            self._hang_up()
            raise self._server.timed_out(limit)

    def _hang_up(self) -> None:
        """Shut the socket, which wakes the reading thread at once (closing it from here
        would not) and tells the server the answer is no longer wanted."""
        if self._socket is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self._socket, socket.SHUT_RDWR)

    def _read(self) -> None:
        server = self._server
        self.stats.prompt_tokens = server.prompt_tokens(self._body["messages"])
        if refusal := server.too_long(self.stats.prompt_tokens, self._body["max_tokens"]):
            raise refusal
        if self.cancelled:
            return
        try:
            with server.stream(self._body) as response:
                stream = response.extensions.get("network_stream")
                self._socket = stream.get_extra_info("socket") if stream else None
                if self.cancelled:
                    return
                if response.status_code >= 400:
                    response.read()
                    server.check(response)
                self._events(response)
        except httpx.HTTPError as error:
            if not self.cancelled:
                raise server.failure(error) from None
        except OSError as error:
            if not self.cancelled:
                raise ModelError(Reason("answer_server_lost", {
                    "url": server.url, "detail": str(error)})) from None

    def _events(self, response: httpx.Response) -> None:
        """Server-sent events until `[DONE]`; `: ping` comments and blank lines are skipped."""
        finished = False
        for line in response.iter_lines():
            self._last_heard = time.monotonic()
            if self.cancelled:
                return
            if not line.startswith("data:"):
                continue
            data = line[5:].strip()
            if data == "[DONE]":
                if not finished:
                    raise ModelError(Reason("answer_server_cut", {"url": self._server.url}))
                return
            try:
                event = json.loads(data)
            except ValueError:
                raise ModelError(Reason("answer_server_failed", {
                    "url": self._server.url, "detail": f"unreadable event {data[:80]}"})) from None
            finished = self._take(event) or finished
        raise ModelError(Reason("answer_server_lost", {
            "url": self._server.url, "detail": "the answer stream ended early"}))

    def _take(self, event: dict) -> bool:
        """Hand over an event's text; True when it carries the finish reason."""
        if "error" in event:
            error = event["error"]
            detail = error.get("message", error) if isinstance(error, dict) else error
            raise ModelError(Reason("answer_server_failed",
                                    {"url": self._server.url, "detail": str(detail)}))
        timings = event.get("timings")
        if isinstance(timings, dict) and "cache_n" in timings:
            self.stats.cached_tokens = int(timings["cache_n"])
        finished = False
        for choice in event.get("choices") or []:
            text = (choice.get("delta") or {}).get("content")
            if text:
                self._token(text)
            finished = finished or bool(choice.get("finish_reason"))
        return finished
