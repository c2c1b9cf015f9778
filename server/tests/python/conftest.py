"""Starts the real `cert-preflight serve` on a free loopback port for the tests, and stops it."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]
BIN = os.environ.get("CERT_PREFLIGHT_BIN", str(REPO / "target" / "debug" / "cert-preflight"))
AK = "LOCALTESTAK0000000000"
SK = "local-test-secret-key-not-a-real-one"
TOKEN = "local-test-token"


def read(path):
    return (REPO / path).read_text()


BUNDLE = read("examples/bundle.pem")
KEY = read("examples/key.pem")
OTHER_KEY = read("tests/data/key-formats/ecp256.pem")


class Server:
    def __init__(self, *args):
        self.proc = subprocess.Popen(
            [BIN, "serve", "--memory", "--listen", "127.0.0.1:0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self.proc.stdout.readline()
        assert "listening on http://" in line, line
        self.url = line.split("listening on ")[1].split(",")[0]

    def stop(self):
        self.proc.terminate()
        assert self.proc.wait(timeout=10) == 0


@pytest.fixture
def aksk_server():
    server = Server("--ak", AK, "--sk", SK)
    yield server
    server.stop()


@pytest.fixture
def token_server():
    server = Server("--token", TOKEN)
    yield server
    server.stop()
