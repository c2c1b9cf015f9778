"""otcextensions (the Open Telekom Cloud SDK on openstacksdk): its `apig` proxy and
`SslCertificate` resource against the local server, with an IAM token and the endpoint given
through keystoneauth's `admin_token` plugin (a fixed token and endpoint, no Keystone)."""

import pytest
from openstack import connection, exceptions
from otcextensions import sdk

from conftest import BUNDLE, KEY, OTHER_KEY, TOKEN

PROJECT = "fedcba9876543210fedcba9876543210"


def connect(url, token=TOKEN):
    conn = connection.Connection(
        auth_type="admin_token",
        auth={"token": token, "endpoint": f"{url}/v2/{PROJECT}"},
        region_name="eu-de",
    )
    sdk.register_otc_extensions(conn)
    return conn


def test_ssl_certificate_create_list_get_update_delete(token_server):
    apig = connect(token_server.url).apig
    created = apig.create_ssl_certificate(name="otc_cert", cert_content=BUNDLE, private_key=KEY)
    assert created.common_name == "shop.example.com"
    assert created.project_id == PROJECT
    assert [c.id for c in apig.ssl_certificates(name="otc")] == [created.id]

    got = apig.get_ssl_certificate(created.id)
    assert (got.name, got.serial_number, got.version) == ("otc_cert", "13010", 3)
    assert got.private_key is None

    updated = apig.update_ssl_certificate(
        created.id, name="otc_cert_renamed", cert_content=BUNDLE, private_key=KEY
    )
    assert (updated.id, updated.name) == (created.id, "otc_cert_renamed")

    apig.delete_ssl_certificate(created.id)
    assert list(apig.ssl_certificates()) == []
    with pytest.raises(exceptions.NotFoundException):
        apig.get_ssl_certificate(created.id)


def test_a_refused_upload_raises_with_the_gateway_code(token_server):
    apig = connect(token_server.url).apig
    with pytest.raises(exceptions.BadRequestException) as refused:
        apig.create_ssl_certificate(name="otc_bad", cert_content=BUNDLE, private_key=OTHER_KEY)
    assert refused.value.status_code == 400
    assert "APIG.2101" in str(refused.value)


def test_a_wrong_token_is_refused(token_server):
    apig = connect(token_server.url, token="not-the-token").apig
    with pytest.raises(exceptions.HttpException) as denied:
        list(apig.ssl_certificates())
    assert denied.value.status_code == 401
