"""Go 1.19's ``encoding/pem.Decode`` loop, ported (as tests/corpus_certs.rs of the root crate
ports it to Rust): the CERTIFICATE blocks of a PEM file as the Go oracle read them, so that each
certificate's DER can be given to ``cert_preflight.inspect`` and compared with Go's answer."""

from __future__ import annotations

import base64
import binascii


def _get_line(data: bytes) -> tuple[bytes, bytes]:
    """Go's getLine: the line without its end and trailing spaces or tabs, and the rest."""
    i = data.find(b"\n")
    if i < 0:
        line, rest = data, b""
    else:
        line, rest = data[:i], data[i + 1 :]
    if line.endswith(b"\r"):
        line = line[:-1]
    return line.rstrip(b" \t"), rest


def _go_std_b64(data: bytes) -> bytes | None:
    """Go's base64.StdEncoding: padding required, non-zero trailing bits tolerated."""
    if len(data) % 4:
        return None
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return None


def certificate_ders(data: bytes) -> list[bytes]:
    """The DER of every CERTIFICATE block Go's pem.Decode finds, in order."""
    out: list[bytes] = []
    inp = data
    while True:
        rest = inp
        found = False
        while True:
            if rest.startswith(b"-----BEGIN "):
                rest = rest[11:]
            else:
                i = rest.find(b"\n-----BEGIN ")
                if i < 0:
                    return out
                rest = rest[i + 12 :]
            type_line, rest = _get_line(rest)
            if not type_line.endswith(b"-----"):
                continue
            label = type_line[:-5]
            headers = 0
            ended = False
            while True:
                if not rest:
                    ended = True
                    break
                line, nxt = _get_line(rest)
                if b":" not in line:
                    break
                headers += 1
                rest = nxt
            if ended:
                return out
            if headers == 0 and rest.startswith(b"-----END "):
                end_index, trailer_index = 0, 9
            else:
                i = rest.find(b"\n-----END ")
                if i < 0:
                    continue
                end_index, trailer_index = i, i + 10
            trailer = rest[trailer_index:]
            trailer_len = len(label) + 5
            if len(trailer) < trailer_len:
                continue
            trailer, rest_of_end = trailer[:trailer_len], trailer[trailer_len:]
            if not trailer.startswith(label) or not trailer.endswith(b"-----"):
                continue
            if _get_line(rest_of_end)[0]:
                continue
            b64 = bytes(b for b in rest[:end_index] if b not in b" \t\r\n")
            der = _go_std_b64(b64)
            if der is None:
                continue
            if label == b"CERTIFICATE":
                out.append(der)
            inp = _get_line(rest[end_index + 9 :])[1]
            found = True
            break
        if not found:
            return out
