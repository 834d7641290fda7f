"""WriteApi and QueryApi through influxdb_client: synchronous and batching writes, the errors they surface, and the points read back with Flux.

The points are deterministic (measurements py_sync, py_lp, py_batch in the instance's bucket) so
that `src/write.test.ts`, which runs this file against its own server, can read them back from the
storage engine once the server has stopped.
"""
import json
from datetime import datetime, timezone

import pytest
from influxdb_client import Point, WritePrecision
from influxdb_client.client.write_api import SYNCHRONOUS, WriteOptions
from influxdb_client.rest import ApiException

BASE_S = 1_600_000_000


def test_synchronous_points_and_line_protocol(client, instance):
    write = client.write_api(write_options=SYNCHRONOUS)
    points = [Point("py_sync").tag("host", "a").field("v", i).time(BASE_S + i, WritePrecision.S) for i in range(100)]
    write.write(bucket=instance.bucket, org=instance.org, record=points, write_precision=WritePrecision.S)
    lines = [f"py_lp,host=b v={i}i,s=\"x{i}\" {(BASE_S + i) * 1000}" for i in range(10)]
    write.write(bucket=instance.bucket, org=instance.org, record=lines, write_precision=WritePrecision.MS)


def test_batching_flushes_everything_on_close(client, instance):
    failures = []
    successes = []
    options = WriteOptions(batch_size=50, flush_interval=10_000, max_retries=0)
    with client.write_api(write_options=options,
                          success_callback=lambda conf, data: successes.append(conf),
                          error_callback=lambda conf, data, err: failures.append(err)) as write:
        for i in range(500):
            write.write(bucket=instance.bucket, org=instance.org,
                        record=f"py_batch,host=c v={float(i)} {BASE_S + 1000 + i}", write_precision=WritePrecision.S)
    assert failures == []
    assert len(successes) == 10


def test_bad_line_is_a_400_naming_the_line(client, instance):
    write = client.write_api(write_options=SYNCHRONOUS)
    with pytest.raises(ApiException) as refused:
        write.write(bucket=instance.bucket, org=instance.org, record=["py_bad v=1", "py_bad,host=a"])
    assert refused.value.status == 400
    assert json.loads(refused.value.body) == {
        "code": "invalid", "message": "unable to parse 'py_bad,host=a': missing fields (line 2)"}


def test_unknown_bucket_is_a_404(client, instance):
    write = client.write_api(write_options=SYNCHRONOUS)
    with pytest.raises(ApiException) as refused:
        write.write(bucket="no-such-bucket-py", org=instance.org, record="py_x v=1")
    assert refused.value.status == 404
    assert json.loads(refused.value.body) == {"code": "not found", "message": 'bucket "no-such-bucket-py" not found'}


def test_delete_api_removes_matching_series(client, instance):
    client.write_api(write_options=SYNCHRONOUS).write(
        bucket=instance.bucket, org=instance.org, write_precision=WritePrecision.S,
        record=[f"py_del,host=keep v=1 {BASE_S}", f"py_del,host=drop v=2 {BASE_S}"])
    at = datetime.fromtimestamp(BASE_S, tz=timezone.utc)
    client.delete_api().delete(at, at, '_measurement="py_del" AND host="drop"', bucket=instance.bucket, org=instance.org)
    with pytest.raises(ApiException) as refused:
        client.delete_api().delete(at, at, 'host!="keep"', bucket=instance.bucket, org=instance.org)
    assert refused.value.status == 400
    assert json.loads(refused.value.body) == {
        "code": "invalid",
        "message": 'invalid delete predicate at position 5: the comparison operator "!=" is not supported'
                   ' in delete predicates; only "=" is'}


def test_query_api_reads_the_synchronous_points_back(client, instance):
    """The Flux QueryApi parses the annotated CSV the server streams into FluxTables."""
    tables = client.query_api().query(
        f'from(bucket: "{instance.bucket}") |> range(start: {BASE_S}, stop: {BASE_S + 100})'
        ' |> filter(fn: (r) => r._measurement == "py_sync")',
        org=instance.org,
    )
    records = [record for table in tables for record in table.records]
    assert [r.get_value() for r in records] == list(range(100))
    assert records[0].get_time() == datetime.fromtimestamp(BASE_S, tz=timezone.utc)
    assert {(r.get_field(), r.values["host"]) for r in records} == {("v", "a")}


def test_query_api_surfaces_a_flux_syntax_error(client, instance):
    with pytest.raises(ApiException) as caught:
        client.query_api().query(f'from(bucket: "{instance.bucket}") |> range(start: ', org=instance.org)
    assert caught.value.status == 400
    assert json.loads(caught.value.body)["code"] == "invalid"
