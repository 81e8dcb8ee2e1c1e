"""Real Sphinx nodes for the cluster tests: the cluster `.ci/run` starts (NEWSEARCH_TEST_CLUSTER),
and nodes a test starts and kills itself (configs written by `newsearch cluster --folder`)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from newsearch.engines import write_cluster_configs

CLUSTER = os.environ.get("NEWSEARCH_TEST_CLUSTER", "")
API_PORT_OFFSET = 6  # the nodes' own protocol listens on the SphinxQL port + 6

needs_cluster = pytest.mark.skipif(
    not CLUSTER or not shutil.which("searchd"),
    reason="NEWSEARCH_TEST_CLUSTER is not set (.ci/run starts a two-node Sphinx cluster and sets it)",
)


def free_ports(count: int) -> list[int]:
    """SphinxQL ports whose API twin (port + 6) is free too."""
    found: list[int] = []
    while len(found) < count:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port + API_PORT_OFFSET < 65536 and all(_free(p) for p in (port, port + API_PORT_OFFSET)) \
                and not any(abs(port - other) <= API_PORT_OFFSET for other in found):
            found.append(port)
    return found


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, seconds: float = 15.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"searchd did not listen on {port} within {seconds} s")


class Nodes:
    """searchd processes for an address, each with its config and data under `folder`."""

    def __init__(self, address: str, folder: Path):
        self.address, self.folder = address, folder
        self.configs = write_cluster_configs(address, folder)
        self.processes: dict[int, subprocess.Popen] = {}

    def start(self, number: int | None = None) -> None:
        """Start every node (or node `number`, counting mirrors in address order) and wait for it."""
        for n, config in enumerate(self.configs):
            if number is None or n == number:
                log = open(Path(config).parent / "stdout.log", "ab")
                self.processes[n] = subprocess.Popen(["searchd", "-c", config, "--nodetach"], stdout=log,
                                                     stderr=subprocess.STDOUT)
                wait_for_port(self.port(n))

    def port(self, number: int) -> int:
        text = Path(self.configs[number]).read_text()
        return int(text.split(":mysql41")[0].rsplit(":", 1)[1])

    def kill(self, number: int, sig=signal.SIGKILL) -> None:
        process = self.processes.pop(number)
        process.send_signal(sig)
        process.wait(timeout=30)

    def stop(self) -> None:
        for number in list(self.processes):
            self.kill(number, signal.SIGTERM)


def start_nodes(tmp_path: Path, count: int = 2, mirrors_of_last: int = 1) -> Nodes:
    """`count` nodes on free loopback ports, the last held `mirrors_of_last` times; started."""
    ports = free_ports(count - 1 + mirrors_of_last)
    shards = [f"127.0.0.1:{p}" for p in ports[:count - 1]]
    shards.append("|".join(f"127.0.0.1:{p}" for p in ports[count - 1:]))
    nodes = Nodes("sphinx://" + ",".join(shards), tmp_path / "cluster")
    nodes.start()
    return nodes
