"""Nothing leaves the machine: ingest, search and ask run with the network refused, and no
connection is even attempted.

Two independent witnesses, because the app runs native code (Chroma's Rust core, llama.cpp,
onnxruntime) that Python's socket module never sees:
- a socket guard installed in every Python process of the run (the CLI and its spawned parser
  worker, through a sitecustomize module on PYTHONPATH) refuses and records every name lookup
  and every connection except local (AF_UNIX) sockets;
- strace records the network system calls of the whole process tree, native code included.
The run happens in a network namespace without interfaces (`unshare -rn`) when the system
allows it, so even a call neither witness saw could not get out.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

GUARD = '''
import os, socket, traceback

_LOG = os.environ["LAOSHIFU_GUARD_LOG"]


def _record(kind, detail):
    where = "".join(traceback.format_stack(limit=6)[:-2]).replace("\\n", " | ")
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()}\\t{kind}\\t{detail}\\t{where}\\n")


def _guarded(original, kind):
    def refuse(self, address, *args):
        if self.family == socket.AF_UNIX:
            return original(self, address, *args)
        _record(kind, repr(address))
        raise OSError(101, "network access refused by the offline test")
    return refuse


def _no_lookup(host, *args, **kwargs):
    _record("getaddrinfo", repr(host))
    raise socket.gaierror(socket.EAI_NONAME, "name lookup refused by the offline test")


socket.socket.connect = _guarded(socket.socket.connect, "connect")
socket.socket.connect_ex = _guarded(socket.socket.connect_ex, "connect_ex")
socket.socket.sendto = _guarded(socket.socket.sendto, "sendto")
socket.getaddrinfo = _no_lookup
socket.gethostbyname = _no_lookup
'''

# A guarded Python connection, then one through the C socket type the guard does not patch.
_CONTROL = """
import socket, _socket
try:
    socket.create_connection(("127.0.0.1", 9), timeout=1)
except OSError as error:
    print("refused" if "offline test" in str(error) else f"not refused: {error}")
try:
    _socket.socket().connect(("127.0.0.1", 9))
except OSError:
    pass
"""

# Address families a network connection would use; AF_UNIX and AF_NETLINK stay on the machine.
_NETWORK_FAMILIES = re.compile(r"sa_family=AF_INET6?\b")


def _no_network_prefix() -> list[str]:
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True) \
        if shutil.which("unshare") else None
    return ["unshare", "-rn"] if probe is not None and probe.returncode == 0 else []


def test_ingest_search_and_ask_attempt_no_network_connection(tmp_path, pump_manual):
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    guard_log, trace_log = tmp_path / "guard.log", tmp_path / "strace.log"
    guard_log.touch()
    repo = Path(__file__).resolve().parents[1]
    env = {**os.environ, "LAOSHIFU_GUARD_LOG": str(guard_log),
           "PYTHONPATH": os.pathsep.join([str(guard_dir), str(repo)])}
    for variable in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "ANONYMIZED_TELEMETRY"):
        env.pop(variable, None)  # the app must switch these on itself, not rely on the shell
    folder = tmp_path / "维修 资料"
    folder.mkdir()
    manual = folder / "泵 说明书.pdf"
    shutil.copy(pump_manual, manual)
    strace = ["strace", "-f", "-qq", "-e", "trace=%network", "-o", str(trace_log)] \
        if shutil.which("strace") else []
    prefix = _no_network_prefix()

    def laoshifu(*args: str) -> subprocess.CompletedProcess:
        run = subprocess.run([*prefix, *strace, sys.executable, "-m", "laoshifu", "--data",
                              str(tmp_path / "library"), *args],
                             capture_output=True, text=True, env=env, timeout=600)
        assert run.returncode == 0, run.stdout + run.stderr
        if strace:
            calls = [line for line in trace_log.read_text(encoding="utf-8", errors="replace")
                     .splitlines() if re.match(r"\d+\s+\w+\(", line)]
            outgoing = [line for line in calls if _NETWORK_FAMILIES.search(line) and
                        re.search(r"\b(connect|sendto|sendmsg)\(", line)]
            assert outgoing == [], f"{args[0]}: network calls:\n" + "\n".join(outgoing)
            local = {re.sub(r"^\d+\s+", "", line)[:80] for line in calls}
            print(f"\n{args[0]}: {len(calls)} socket calls, none to a network: {sorted(local)}")
        return run

    # The witnesses work: a Python connection is refused and logged; a native one is traced.
    control = subprocess.run(
        [*prefix, *strace, sys.executable, "-c", _CONTROL], env=env, capture_output=True,
        text=True, timeout=60)
    assert "refused" in control.stdout, control.stdout + control.stderr
    assert "connect" in guard_log.read_text(encoding="utf-8")
    if strace:
        assert _NETWORK_FAMILIES.search(trace_log.read_text(encoding="utf-8"))
    guard_log.write_text("", encoding="utf-8")

    assert "added" in laoshifu("ingest", str(folder)).stdout
    hits = json.loads(laoshifu("search", "E-047", "--json").stdout)["hits"]
    assert hits[0]["file"] == manual.name and hits[0]["page"] == 4
    answer = json.loads(laoshifu("ask", "What does alarm E-047 mean?", "--json").stdout)
    assert answer["citations"], answer
    attempts = guard_log.read_text(encoding="utf-8")
    assert attempts == "", f"network access attempted:\n{attempts}"
    if not strace:
        pytest.skip("strace is not installed: only Python's sockets were watched")
