"""Ping, health, ready and onboarding through influxdb_client against a server never set up."""
import pytest
from influxdb_client import InfluxDBClient, OnboardingRequest
from influxdb_client.rest import ApiException
from influxdb_client.service.setup_service import SetupService


def test_ping_health_ready(fresh_url):
    with InfluxDBClient(url=fresh_url, token="unused") as client:
        assert client.ping() is True
        assert client.health().status == "pass"
        assert client.ready().status == "ready"
        assert client.version()


def test_onboarding_once_then_refused(fresh_url):
    with InfluxDBClient(url=fresh_url, token="unused") as client:
        setup = SetupService(client.api_client)
        assert setup.get_setup().allowed is True

        request = OnboardingRequest(username="py-admin", password="py-password-123", org="py-org",
                                    bucket="py-bucket", retention_period_seconds=3600)
        answer = setup.post_setup(onboarding_request=request)
        assert answer.user.name == "py-admin"
        assert answer.org.name == "py-org"
        assert answer.bucket.name == "py-bucket"
        assert answer.bucket.org_id == answer.org.id
        assert [rule.every_seconds for rule in answer.bucket.retention_rules] == [3600]
        assert answer.auth.token
        assert answer.auth.status == "active"

        assert setup.get_setup().allowed is False
        with pytest.raises(ApiException) as refused:
            setup.post_setup(onboarding_request=OnboardingRequest(username="x", password="x-password-123", org="x", bucket="x"))
        assert refused.value.status == 422

    # The operator token from setup drives the client.
    with InfluxDBClient(url=fresh_url, token=answer.auth.token, org="py-org") as operator:
        orgs = operator.organizations_api().find_organizations(org="py-org")
        assert [org.id for org in orgs] == [answer.org.id]


def test_wrong_token_is_401(fresh_url):
    with InfluxDBClient(url=fresh_url, token="not-a-real-token") as client:
        with pytest.raises(ApiException) as refused:
            client.organizations_api().find_organizations()
        assert refused.value.status == 401
