"""The API gateway's certificate verdict, locally, before upload.

The Open Telekom Cloud / Huawei Cloud API Gateway creates an SSL certificate from a request
body (``POST /v2/{project_id}/apigw/certificates``) and answers with the certificate detail or
an error body such as ``{"error_code": "APIG.2101", "error_msg": "The certificate and private
key do not match."}``. :func:`preflight` gives the same answer without uploading anything, with
findings that say which field and PEM block is wrong and what to do.

>>> import cert_preflight
>>> result = cert_preflight.preflight(body)            # str, bytes or dict
>>> result.accepted, result.status, result.error_code
>>> for f in result.findings: print(f["severity"], f["id"], f["message"])

Private key material never appears in any output of this package (messages, findings,
reports, exceptions, reprs) other than the upload body :func:`upload_body` returns.
"""

from ._native import (
    REPORT_SCHEMA,
    RejectionError,
    Result,
    __version__,
    inspect,
    preflight,
    upload_body,
)

__all__ = [
    "REPORT_SCHEMA",
    "RejectionError",
    "Result",
    "__version__",
    "inspect",
    "preflight",
    "upload_body",
]
