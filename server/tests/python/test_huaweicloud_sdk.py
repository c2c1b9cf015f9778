"""The Huawei Cloud Python SDK (huaweicloudsdkapig's ApigClient, AK/SK signing by
huaweicloudsdkcore) against the local server: create, list, show, update, delete, and a
refused upload raising the SDK's own exception with the gateway's error_code."""

import pytest
from huaweicloudsdkcore.auth.credentials import BasicCredentials
from huaweicloudsdkcore.exceptions import exceptions
from huaweicloudsdkcore.http.http_config import HttpConfig
from huaweicloudsdkapig.v2 import (
    ApigClient,
    CertificateForm,
    CreateCertificateV2Request,
    DeleteCertificateV2Request,
    ListCertificatesV2Request,
    ShowDetailsOfCertificateV2Request,
    UpdateCertificateV2Request,
)

from conftest import AK, BUNDLE, KEY, OTHER_KEY, SK

PROJECT = "0123456789abcdef0123456789abcdef"


def client(url, ak=AK, sk=SK):
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    return (
        ApigClient.new_builder()
        .with_http_config(config)
        .with_credentials(BasicCredentials(ak, sk, PROJECT))
        .with_endpoints([url])
        .build()
    )


def form(name, key=KEY):
    return CertificateForm(name=name, cert_content=BUNDLE, private_key=key)


def test_create_list_show_update_delete(aksk_server):
    c = client(aksk_server.url)
    created = c.create_certificate_v2(CreateCertificateV2Request(body=form("sdk_cert")))
    assert created.name == "sdk_cert"
    assert created.common_name == "shop.example.com"
    assert created.san == ["shop.example.com", "www.shop.example.com"]
    assert created.signature_algorithm == "ECDSA-SHA256"
    assert created.project_id == PROJECT
    assert created.instance_id == "common"
    assert len(created.id) == 32

    listed = c.list_certificates_v2(ListCertificatesV2Request(limit=10, name="sdk"))
    assert listed.total == 1 and listed.size == 1
    assert listed.certs[0].id == created.id

    shown = c.show_details_of_certificate_v2(
        ShowDetailsOfCertificateV2Request(certificate_id=created.id)
    )
    assert shown.serial_number == "13010"
    assert shown.issuer == ["Example Trust"]
    assert not hasattr(shown, "private_key")

    updated = c.update_certificate_v2(
        UpdateCertificateV2Request(certificate_id=created.id, body=form("sdk_cert_renamed"))
    )
    assert updated.id == created.id
    assert updated.name == "sdk_cert_renamed"
    assert updated.create_time == created.create_time

    c.delete_certificate_v2(DeleteCertificateV2Request(certificate_id=created.id))
    with pytest.raises(exceptions.ClientRequestException) as gone:
        c.show_details_of_certificate_v2(
            ShowDetailsOfCertificateV2Request(certificate_id=created.id)
        )
    assert gone.value.status_code == 404
    assert gone.value.error_code == "APIG.3023"


def test_a_refused_upload_raises_the_sdk_exception_with_the_gateway_code(aksk_server):
    c = client(aksk_server.url)
    with pytest.raises(exceptions.ClientRequestException) as refused:
        c.create_certificate_v2(CreateCertificateV2Request(body=form("bad_cert", OTHER_KEY)))
    assert refused.value.status_code == 400
    assert refused.value.error_code == "APIG.2101"
    assert refused.value.error_msg == "The certificate and private key do not match."


def test_duplicate_name_is_refused(aksk_server):
    c = client(aksk_server.url)
    c.create_certificate_v2(CreateCertificateV2Request(body=form("dup_cert")))
    with pytest.raises(exceptions.ClientRequestException) as dup:
        c.create_certificate_v2(CreateCertificateV2Request(body=form("dup_cert")))
    assert dup.value.error_code == "APIG.3325"


def test_a_wrong_secret_key_is_refused_with_the_gateway_401(aksk_server):
    c = client(aksk_server.url, sk="not-the-secret")
    with pytest.raises(exceptions.ClientRequestException) as denied:
        c.list_certificates_v2(ListCertificatesV2Request())
    assert denied.value.status_code == 401
    assert denied.value.error_code == "APIGW.0301"
