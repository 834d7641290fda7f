"""The 1.x Python client (`influxdb` on PyPI) against Fluxgate's v1 compatibility routes.

Run by src/v1/shells.test.ts with FLUXGATE_V1_HOST, FLUXGATE_V1_PORT, FLUXGATE_V1_USER,
FLUXGATE_V1_PASSWORD and FLUXGATE_V1_DB (the setup bucket, reached through its virtual DBRP mapping).
"""
import os

import pytest
from influxdb import InfluxDBClient
from influxdb.exceptions import InfluxDBClientError

BASE_S = 1_700_000_000


def _env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run this suite through `pnpm e2e` (src/v1/shells.test.ts)")
    return value


def _client(password: str | None = None) -> InfluxDBClient:
    return InfluxDBClient(
        host=_env("FLUXGATE_V1_HOST"),
        port=int(_env("FLUXGATE_V1_PORT")),
        username=_env("FLUXGATE_V1_USER"),
        password=password if password is not None else _env("FLUXGATE_V1_PASSWORD"),
        database=_env("FLUXGATE_V1_DB"),
    )


def test_writes_and_reads_back_with_influxql() -> None:
    client = _client()
    points = [
        {"measurement": "pyv1", "tags": {"room": "kitchen" if i % 2 == 0 else "hall"}, "time": (BASE_S + i * 60) * 1_000_000_000, "fields": {"temp": 20.0 + i}}
        for i in range(6)
    ]
    assert client.write_points(points, time_precision="n")

    result = client.query("SELECT mean(temp) FROM pyv1 GROUP BY room", epoch="s")
    means = {tags["room"]: list(rows)[0]["mean"] for (_, tags), rows in result.items()}
    # kitchen: 20, 22, 24; hall: 21, 23, 25
    assert means == {"kitchen": 22.0, "hall": 23.0}

    raw = list(client.query("SELECT temp FROM pyv1 WHERE room = 'hall' ORDER BY time DESC LIMIT 2", epoch="s").get_points())
    assert [(r["time"], r["temp"]) for r in raw] == [(BASE_S + 300, 25.0), (BASE_S + 180, 23.0)]

    # The client asks for MessagePack (Accept: application/x-msgpack) and decodes it only when the
    # Content-Type is exactly that; InfluxDB's time extension (5) comes back as its ISO string, and
    # a float field stays a float (JSON would have written 20.0 as 20, an int in Python).
    response = client.request("query", params={"q": "SELECT temp FROM pyv1 WHERE room = 'kitchen' LIMIT 1", "db": _env("FLUXGATE_V1_DB")})
    assert response.headers["Content-Type"] == "application/x-msgpack"
    first = list(client.query("SELECT temp FROM pyv1 WHERE room = 'kitchen' LIMIT 1").get_points())
    assert first == [{"time": "2023-11-14T22:13:20Z", "temp": 20.0}]
    assert isinstance(first[0]["temp"], float)


def test_show_statements() -> None:
    client = _client()
    measurements = [m["name"] for m in client.get_list_measurements()]
    assert "pyv1" in measurements
    keys = [row["tagKey"] for row in client.query("SHOW TAG KEYS FROM pyv1").get_points()]
    assert keys == ["room"]
    values = sorted(row["value"] for row in client.query('SHOW TAG VALUES FROM pyv1 WITH KEY = "room"').get_points())
    assert values == ["hall", "kitchen"]
    databases = [d["name"] for d in client.get_list_database()]
    assert _env("FLUXGATE_V1_DB") in databases


def test_bound_parameters() -> None:
    client = _client()
    rows = list(client.query("SELECT temp FROM pyv1 WHERE room = $room", bind_params={"room": "kitchen"}, epoch="s").get_points())
    assert [r["temp"] for r in rows] == [20.0, 22.0, 24.0]


def test_parse_error_names_the_position() -> None:
    with pytest.raises(InfluxDBClientError) as error:
        _client().query("SELECT FROM pyv1")
    assert "error parsing query" in str(error.value)


def test_wrong_password_is_refused() -> None:
    with pytest.raises(InfluxDBClientError) as error:
        _client("wrong-password").query("SHOW MEASUREMENTS")
    assert error.value.code == 401
