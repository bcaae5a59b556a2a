"""Real servers the tests start and stop themselves, on 127.0.0.1 at a free port, as plant IT
is told to start them in docs/deploy.md: llama.cpp's answer server (`python -m
llama_cpp.server`, the extra `llama-cpp-python[server]`) with the bundled GGUF, and Chroma's
vector server (`chroma run`, from the chromadb package) on a temporary folder."""

from __future__ import annotations

import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kernel.config import bundled_answer_model_path

ANSWER_KEY = "test-key-for-the-plant"
READY_TIMEOUT_S = 180.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_answer_server() -> None:
    """Skip, saying why, without llama.cpp's server; nothing is imported here (looking up
    `llama_cpp.server` would load llama.cpp into the test process)."""
    llama = importlib.util.find_spec("llama_cpp")
    missing = [name for name in ("uvicorn", "fastapi", "sse_starlette")
               if importlib.util.find_spec(name) is None]
    if llama is None or not any((Path(folder) / "server" / "__main__.py").is_file()
                                for folder in llama.submodule_search_locations or []):
        missing.append("llama_cpp.server")
    if missing:
        pytest.skip(f"llama.cpp's server is not installed ({', '.join(missing)} missing): "
                    "`make test` installs llama-cpp-python[server]")


class _ServerProcess:
    """A server in a process group of its own; `start()` again after `kill()` brings it back
    on the same port, as a restarted service would."""

    def __init__(self, log: Path):
        self.port = free_port()
        self.log = log
        self.process: subprocess.Popen | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def ready(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.command(), stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"{self.command()[:3]} exited ({self.process.returncode}):\n"
                            f"{self.log.read_text(errors='replace')[-2000:]}")
            try:
                if self.ready():
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"{self.command()[:3]} did not start within {READY_TIMEOUT_S:.0f} s")

    def kill(self) -> None:
        """SIGKILL: the server is gone mid-sentence, as when its box loses power."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)

    def pause(self) -> None:
        """SIGSTOP: the server still holds its port and takes connections, and answers
        nothing, as a hung or swapping server does."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


class AnswerServer(_ServerProcess):
    """`python -m llama_cpp.server` with the bundled GGUF and an API key."""

    def __init__(self, log: Path, *, key: str = ANSWER_KEY, interrupt_requests: bool = False):
        """`interrupt_requests` True is llama_cpp.server's own default, which docs/deploy.md
        tells plant IT to turn off: a waiting request cuts the answer in progress short."""
        super().__init__(log)
        self.key = key
        self.interrupt_requests = interrupt_requests

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "llama_cpp.server",
                "--model", str(bundled_answer_model_path()), "--host", "127.0.0.1",
                "--port", str(self.port), "--interrupt_requests", str(self.interrupt_requests),
                "--n_ctx", "2048", "--n_threads", str(os.cpu_count() or 2),
                "--api_key", self.key]

    def ready(self) -> bool:
        headers = {"Authorization": f"Bearer {self.key}"}
        return httpx.get(f"{self.url}/models", headers=headers, timeout=2).is_success


def chroma_command() -> Path:
    """The `chroma` command of this environment (chromadb's), or a visible skip."""
    found = Path(sys.executable).with_name("chroma")
    if not found.is_file():
        found = Path(shutil.which("chroma") or found)
    if not found.is_file():
        pytest.skip("the `chroma` command is not installed: `make test` installs chromadb")
    return found


class VectorServer(_ServerProcess):
    """`chroma run` on a folder of its own."""

    def __init__(self, log: Path, folder: Path):
        super().__init__(log)
        self.folder = folder

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        return [str(chroma_command()), "run", "--path", str(self.folder), "--host", "127.0.0.1",
                "--port", str(self.port)]

    def ready(self) -> bool:
        return httpx.get(f"{self.url}/api/v2/heartbeat", timeout=2).is_success

    def empty(self) -> None:
        """Drop every collection, so a test starts from an empty server."""
        import chromadb
        from chromadb.config import Settings

        client = chromadb.HttpClient(host="127.0.0.1", port=self.port,
                                     settings=Settings(anonymized_telemetry=False))
        try:
            for collection in client.list_collections():
                client.delete_collection(collection.name)
        finally:
            client.close()
