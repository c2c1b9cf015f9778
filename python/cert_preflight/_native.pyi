"""Type stubs of the native module; import :mod:`cert_preflight`, which re-exports it."""

from __future__ import annotations

import datetime
from typing import Any, Final, Iterable, Literal, Mapping, Optional, TypedDict, Union, final

__all__ = [
    "REPORT_SCHEMA",
    "RejectionError",
    "Result",
    "__version__",
    "inspect",
    "preflight",
    "upload_body",
    "_bench_rust_preflight",
    "_debug_build",
]

__version__: Final[str]
REPORT_SCHEMA: Final[str]
"""``"cert-preflight/report/v1"``: the ``schema`` of every :meth:`Result.to_report` document."""

Severity = Literal["error", "warning", "notice"]

class Finding(TypedDict):
    """One finding, in the ``report/v1`` schema."""

    id: str
    """Stable dotted identifier, such as ``key.mismatch`` or ``time.expires-soon``."""
    severity: Severity
    """``error``: the gateway refuses; ``warning``: accepted, clients may fail; ``notice``."""
    code: Optional[str]
    """The gateway's error code this finding gives (errors only), such as ``APIG.2101``."""
    field: Optional[str]
    """The request field: ``name``, ``cert_content``, ``private_key``, ``type``,
    ``instance_id``, ``trusted_root_ca``, ``body`` or ``domain``."""
    block: Optional[int]
    """The PEM block (1-based) or chain position it concerns."""
    message: str
    fix: Optional[str]
    data: Optional[dict[str, Any]]
    """Machine-readable facts (days left, key bits, ...) when the library gives them."""

@final
class Result:
    """The outcome of one pre-flight: the gateway's answer and every finding.

    A rejection is a Result too (``accepted`` False, ``status`` 400). Every property returns a
    new object; key material never appears in any of them, nor in ``repr``/``str``.
    """

    @property
    def accepted(self) -> bool:
        """True when the gateway would create the certificate."""
    @property
    def status(self) -> int:
        """The HTTP status of the gateway's answer: 200, or 400."""
    @property
    def error_code(self) -> Optional[str]:
        """The gateway's ``error_code`` (such as ``APIG.2101``), None when accepted."""
    @property
    def error_msg(self) -> Optional[str]:
        """The gateway's exact ``error_msg``, None when accepted."""
    @property
    def detail(self) -> dict[str, Any]:
        """The gateway's response body: the certificate detail (id, name, type, instance_id,
        project_id, common_name, san, ..., create_time, update_time) when accepted, the error
        body ``{"error_code": ..., "error_msg": ...}`` when rejected."""
    @property
    def findings(self) -> list[Finding]:
        """Every finding: the reasons to refuse (severity ``error``) first, then warnings."""
    @property
    def fail_on(self) -> Severity:
        """The ``fail_on`` given to :func:`preflight`."""
    @property
    def passed(self) -> bool:
        """Accepted, and no finding as serious as ``fail_on``."""
    def to_report(self) -> dict[str, Any]:
        """The ``cert-preflight/report/v1`` document, as ``cert-preflight check --format
        report`` prints it: schema, verdict, http_status, body, diagnostics, warnings."""

class RejectionError(ValueError):
    """Raised by :func:`upload_body` and :func:`inspect` when the gateway would refuse."""

    error_code: str
    error_msg: str
    status: int
    result: Result

def preflight(
    body: Union[str, bytes, bytearray, Mapping[str, Any]],
    *,
    at: Union[datetime.datetime, str, None] = None,
    project_id: Optional[str] = None,
    domains: Optional[Iterable[str]] = (),
    warn_days: int = 30,
    fail_on: Severity = "error",
) -> Result:
    """The gateway's verdict on a ``CreateCertificateV2`` request body, locally.

    ``body``: the JSON body as str or bytes, or a dict (serialized with ``json.dumps``).
    ``at``: the clock, a datetime (naive means UTC) or an RFC 3339 str; default now.
    """

def inspect(data: Union[bytes, bytearray, str]) -> list[dict[str, Any]]:
    """The gateway fields of every certificate in PEM or DER ``data`` (at most 1 MiB)."""

def upload_body(
    cert: Union[str, bytes, bytearray],
    key: Union[str, bytes, bytearray],
    *,
    name: str,
    type: str = "global",
    instance_id: Optional[str] = None,
    trusted_root_ca: Union[str, bytes, bytearray, None] = None,
    at: Union[datetime.datetime, str, None] = None,
    project_id: Optional[str] = None,
    domains: Optional[Iterable[str]] = (),
    warn_days: int = 30,
    fix_order: bool = False,
) -> dict[str, str]:
    """The exact request body to upload, checked and normalised (holds the private key)."""

# For python/bench/bench_python.py only.
_debug_build: Final[bool]

def _bench_rust_preflight(
    body: Union[str, bytes, bytearray, Mapping[str, Any]],
    at: Union[datetime.datetime, str],
    n: int,
    parse: bool = False,
) -> float:
    """Seconds for ``n`` pre-flights of ``body`` in Rust alone (benchmark helper)."""
