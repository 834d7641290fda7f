"""Fixtures for the Python official-client e2e suite.

The vitest test `src/python.test.ts` starts two fluxgate servers and passes them in the environment:
FLUXGATE_URL (onboarded; FLUXGATE_TOKEN, FLUXGATE_ORG, FLUXGATE_ORG_ID, FLUXGATE_USER_ID,
FLUXGATE_USER, FLUXGATE_BUCKET describe it) and FLUXGATE_FRESH_URL (never set up). A missing
variable fails the run: this suite never skips.
"""
import itertools
import os

import pytest
from influxdb_client import InfluxDBClient

_names = itertools.count(1)


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this suite through `pnpm e2e` (src/python.test.ts)")
    return value


class Instance:
    def __init__(self) -> None:
        self.url = _env("FLUXGATE_URL")
        self.token = _env("FLUXGATE_TOKEN")
        self.org = _env("FLUXGATE_ORG")
        self.org_id = _env("FLUXGATE_ORG_ID")
        self.user_id = _env("FLUXGATE_USER_ID")
        self.user = _env("FLUXGATE_USER")
        self.bucket = _env("FLUXGATE_BUCKET")


@pytest.fixture(scope="session")
def instance() -> Instance:
    return Instance()


@pytest.fixture(scope="session")
def fresh_url() -> str:
    return _env("FLUXGATE_FRESH_URL")


@pytest.fixture()
def client(instance: Instance):
    with InfluxDBClient(url=instance.url, token=instance.token, org=instance.org, timeout=10_000) as c:
        yield c


@pytest.fixture()
def unique():
    def make(prefix: str) -> str:
        return f"{prefix}-py-{os.getpid()}-{next(_names)}"

    return make
