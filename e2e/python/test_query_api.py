"""QueryApi through influxdb_client against points written with its WriteApi: FluxTables and typed
FluxRecords, bound parameters, CSV rows, the raw answer, a record stream, several yields, and errors.

Every point lives in measurement py_query of the instance's bucket, at fixed times in June 2021, so
each expectation below is the exact data the module wrote.
"""
import json
import types
from datetime import datetime, timedelta, timezone

import pytest
from influxdb_client import Dialect, InfluxDBClient
from influxdb_client.client.flux_csv_parser import FluxQueryException
from influxdb_client.client.write_api import SYNCHRONOUS
from influxdb_client.rest import ApiException

T0 = datetime(2021, 6, 1, tzinfo=timezone.utc)
T0_NS = 1_622_505_600 * 1_000_000_000
# The first point carries nanoseconds that Python's datetime cannot hold.
FIRST_NS = T0_NS + 123_456_789
FIRST = T0 + timedelta(microseconds=123_456)
SECOND = T0 + timedelta(seconds=10)
HALL = T0 + timedelta(seconds=5)
LINES = [
    f'py_query,host=a,room=kitchen temp=21.5,count=3i,hits=9u,ok=true,note="fine" {FIRST_NS}',
    f'py_query,host=a,room=kitchen temp=22.25,count=-4i,hits=10u,ok=false,note="say \\"hi\\"" {T0_NS + 10_000_000_000}',
    f'py_query,host=b,room=hall temp=19.0,count=7i,hits=11u,ok=true,note="b1" {T0_NS + 5_000_000_000}',
]
RANGE = "range(start: 2021-06-01T00:00:00Z, stop: 2021-06-01T01:00:00Z)"
STOP = T0 + timedelta(hours=1)


@pytest.fixture()
def query_api(client, instance):
    # Written once per test: the same points at the same times overwrite themselves.
    client.write_api(write_options=SYNCHRONOUS).write(bucket=instance.bucket, org=instance.org, record=LINES)
    return client.query_api()


def source(instance, rest: str = "") -> str:
    return f'from(bucket: "{instance.bucket}") |> {RANGE} |> filter(fn: (r) => r._measurement == "py_query"){rest}'


def typed(values):
    """Values with their Python type: 1 == 1.0 == True, so equality alone would not check types."""
    return [(type(v).__name__, v) for v in values]


def test_query_returns_one_table_per_series_with_typed_records(query_api, instance):
    tables = query_api.query(source(instance, ' |> filter(fn: (r) => r.host == "a")'), org=instance.org_id)
    assert [table.records[0].get_field() for table in tables] == ["count", "hits", "note", "ok", "temp"]
    assert [[c.data_type for c in t.columns if c.label == "_value"] for t in tables] == [
        ["long"], ["unsignedLong"], ["string"], ["boolean"], ["double"]]
    assert [c.label for c in tables[0].get_group_key()] == ["_start", "_stop", "_field", "_measurement", "host", "room"]
    values = {t.records[0].get_field(): typed(r.get_value() for r in t.records) for t in tables}
    assert values == {
        "count": [("int", 3), ("int", -4)],
        "hits": [("int", 9), ("int", 10)],
        "note": [("str", "fine"), ("str", 'say "hi"')],
        "ok": [("bool", True), ("bool", False)],
        "temp": [("float", 21.5), ("float", 22.25)],
    }
    for table in tables:
        assert [r.get_time() for r in table.records] == [FIRST, SECOND]
        for record in table.records:
            assert record.get_measurement() == "py_query"
            assert (record.get_start(), record.get_stop()) == (T0, STOP)
            assert (record.values["host"], record.values["room"], record.values["result"]) == ("a", "kitchen", "_result")
    assert [t.records[0].values["table"] for t in tables] == [0, 1, 2, 3, 4]


def test_bound_parameters_arrive_as_flux_values_of_their_type(query_api, instance):
    """The client sends params as `extern` option statements, one literal node per Python type."""
    tables = query_api.query(
        'import "array"\n'
        "array.from(rows: [{s: s, i: i, neg: neg, f: f, b: b, t: t, d: string(v: d), back: string(v: back), n: length(arr: list)}])",
        params={"s": 'he said "hi" \\ $5\nbye é', "i": 42, "neg": -7, "f": 1.25, "b": True,
                "t": datetime(2021, 6, 1, 0, 0, 0, 123456, tzinfo=timezone.utc),
                "d": timedelta(hours=1, minutes=30), "back": timedelta(seconds=-2), "list": [1, 2, 3]})
    assert len(tables) == 1
    assert {c.label: c.data_type for c in tables[0].columns if c.label not in ("result", "table")} == {
        "s": "string", "i": "long", "neg": "long", "f": "double", "b": "boolean", "t": "dateTime:RFC3339",
        "d": "string", "back": "string", "n": "long"}
    [record] = tables[0].records
    assert {k: (type(v).__name__, v) for k, v in record.values.items() if k not in ("result", "table")} == {
        "s": ("str", 'he said "hi" \\ $5\nbye é'),
        "i": ("int", 42),
        "neg": ("int", -7),
        "f": ("float", 1.25),
        "b": ("bool", True),
        "t": ("datetime", datetime(2021, 6, 1, 0, 0, 0, 123456, tzinfo=timezone.utc)),
        "d": ("str", "1h30m"),
        "back": ("str", "-2s"),
        "n": ("int", 3),
    }


def test_bound_string_parameters_are_data_never_flux(query_api, instance):
    """A parameter holding `${...}`, control characters or a tiny/huge float arrives as that value."""
    texts = {"code": "${string(v: 1 + 1)}", "name": "${bucketName}", "ctl": "ctl\x01\x7f"}
    floats = {"tiny": 1e-07, "huge": 1e300}
    tables = query_api.query(
        'import "array"\narray.from(rows: [{code: code, name: name, ctl: ctl, tiny: tiny, huge: huge}])',
        params={**texts, **floats})
    [record] = tables[0].records
    assert {k: v for k, v in record.values.items() if k not in ("result", "table")} == {**texts, **floats}


def test_bound_parameters_filter_the_written_points(query_api, instance):
    params = {"bucketName": instance.bucket, "hostName": "a", "above": -4, "maxTemp": 22.0, "wanted": False,
              "startAt": T0, "stopAt": T0 + timedelta(seconds=20), "every": timedelta(seconds=10)}
    read = 'from(bucket: bucketName) |> range(start: startAt, stop: stopAt) |> filter(fn: (r) => r._measurement == "py_query" and r.host == hostName)'

    def values(rest: str):
        return [typed(r.get_value() for r in t.records) for t in query_api.query(read + rest, params=params)]

    assert values(' |> filter(fn: (r) => r._field == "temp" and r._value <= maxTemp)') == [[("float", 21.5)]]
    assert values(' |> filter(fn: (r) => r._field == "count" and r._value > above)') == [[("int", 3)]]
    assert values(' |> filter(fn: (r) => r._field == "ok" and r._value == wanted)') == [[("bool", False)]]
    windows = query_api.query(read + ' |> filter(fn: (r) => r._field == "temp") |> aggregateWindow(every: every, fn: count)',
                              params=params)
    assert [(r.get_time(), r.get_value()) for t in windows for r in t.records] == [
        (T0 + timedelta(seconds=10), 1), (T0 + timedelta(seconds=20), 1)]


def test_query_csv_yields_annotations_header_and_rows(query_api, instance):
    rows = list(query_api.query_csv(source(instance, ' |> filter(fn: (r) => r._field == "temp")')))
    start, stop = "2021-06-01T00:00:00Z", "2021-06-01T01:00:00Z"
    assert rows == [
        ["#datatype", "string", "long", "dateTime:RFC3339", "dateTime:RFC3339", "dateTime:RFC3339", "double", "string",
         "string", "string", "string"],
        ["#group", "false", "false", "true", "true", "false", "false", "true", "true", "true", "true"],
        ["#default", "_result", "", "", "", "", "", "", "", "", ""],
        ["", "result", "table", "_start", "_stop", "_time", "_value", "_field", "_measurement", "host", "room"],
        ["", "", "0", start, stop, "2021-06-01T00:00:00.123456789Z", "21.5", "temp", "py_query", "a", "kitchen"],
        ["", "", "0", start, stop, "2021-06-01T00:00:10Z", "22.25", "temp", "py_query", "a", "kitchen"],
        ["", "", "1", start, stop, "2021-06-01T00:00:05Z", "19", "temp", "py_query", "b", "hall"],
    ]


def test_query_csv_follows_the_dialect(query_api, instance):
    query = source(instance, ' |> filter(fn: (r) => r._field == "note" and r.host == "a")')
    bare = list(query_api.query_csv(query, dialect=Dialect(header=False, annotations=[])))
    assert bare == [
        ["", "_result", "0", "2021-06-01T00:00:00Z", "2021-06-01T01:00:00Z", "2021-06-01T00:00:00.123456789Z", "fine",
         "note", "py_query", "a", "kitchen"],
        ["", "_result", "0", "2021-06-01T00:00:00Z", "2021-06-01T01:00:00Z", "2021-06-01T00:00:10Z", 'say "hi"',
         "note", "py_query", "a", "kitchen"],
    ]
    # The client splits on commas whatever the dialect says, so a ';' dialect comes back one cell a line.
    semicolons = list(query_api.query_csv(query, dialect=Dialect(header=True, delimiter=";", annotations=["datatype"])))
    assert semicolons == [
        ["#datatype;string;long;dateTime:RFC3339;dateTime:RFC3339;dateTime:RFC3339;string;string;string;string;string"],
        [";result;table;_start;_stop;_time;_value;_field;_measurement;host;room"],
        [";_result;0;2021-06-01T00:00:00Z;2021-06-01T01:00:00Z;2021-06-01T00:00:00.123456789Z;fine;note;py_query;a;kitchen"],
        [';_result;0;2021-06-01T00:00:00Z;2021-06-01T01:00:00Z;2021-06-01T00:00:10Z;"say ""hi""";note;py_query;a;kitchen'],
    ]


def test_query_raw_is_the_annotated_csv_text(query_api, instance):
    raw = query_api.query_raw(source(instance, ' |> filter(fn: (r) => r._field == "hits" and r.host == "b")'))
    assert raw.status == 200
    assert raw.data.decode() == (
        "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,unsignedLong,string,string,string,string\r\n"
        "#group,false,false,true,true,false,false,true,true,true,true\r\n"
        "#default,_result,,,,,,,,,\r\n"
        ",result,table,_start,_stop,_time,_value,_field,_measurement,host,room\r\n"
        ",,0,2021-06-01T00:00:00Z,2021-06-01T01:00:00Z,2021-06-01T00:00:05Z,11,hits,py_query,b,hall\r\n"
        "\r\n"
    )


def test_gzip_client_gets_a_gzipped_answer_it_decodes(query_api, instance):
    query = source(instance, ' |> filter(fn: (r) => r._field == "temp" and r.host == "b")')
    with InfluxDBClient(url=instance.url, token=instance.token, org=instance.org, enable_gzip=True) as gzipped:
        raw = gzipped.query_api().query_raw(query)
        assert raw.headers.get("Content-Encoding") == "gzip"
        assert raw.data.decode().splitlines()[-2] == ",,0,2021-06-01T00:00:00Z,2021-06-01T01:00:00Z,2021-06-01T00:00:05Z,19,temp,py_query,b,hall"
        assert [(r.get_time(), r.get_value()) for t in gzipped.query_api().query(query) for r in t.records] == [(HALL, 19.0)]
    plain = query_api.query_raw(query)
    assert plain.headers.get("Content-Encoding") is None
    assert plain.data == raw.data


def test_query_stream_is_a_generator_of_records(query_api, instance):
    stream = query_api.query_stream(source(instance, ' |> filter(fn: (r) => r._field == "count")'))
    assert isinstance(stream, types.GeneratorType)
    first = next(stream)
    assert (first.get_time(), first.get_value(), first.values["host"], first.values["table"]) == (FIRST, 3, "a", 0)
    assert [(r.get_time(), r.get_value(), r.values["host"], r.values["table"]) for r in stream] == [
        (SECOND, -4, "a", 0), (HALL, 7, "b", 1)]


def test_several_yields_come_back_as_tables_named_by_their_result(query_api, instance):
    tables = query_api.query(
        source(instance, ' |> filter(fn: (r) => r._field == "temp" and r.host == "b") |> yield(name: "hall_temp")\n')
        + source(instance, ' |> filter(fn: (r) => r._field == "count") |> group() |> sum() |> yield(name: "count_sum")\n')
        + source(instance, ' |> filter(fn: (r) => r._field == "ok" and r.host == "a") |> last() |> yield(name: "last_ok")'))
    summary = [(r.values["result"], r.values["table"], r.get_value()) for t in tables for r in t.records]
    assert sorted(summary) == [("count_sum", 0, 6), ("hall_temp", 0, 19.0), ("last_ok", 0, False)]
    by_result = {t.records[0].values["result"]: t for t in tables}
    # group() empties the group key, and sum() keeps only key columns and _value.
    assert [c.label for c in by_result["count_sum"].columns] == ["result", "table", "_value"]
    assert [c.default_value for c in by_result["hall_temp"].columns if c.label == "result"] == ["hall_temp"]
    assert by_result["last_ok"].records[0].get_time() == SECOND


def test_an_error_after_the_first_rows_reaches_the_stream_as_flux_query_exception(query_api, instance):
    """Once rows are sent the status is 200: the error comes as Flux's error table, which the client raises."""
    query = (source(instance, ' |> filter(fn: (r) => r._field == "count" and r.host == "a") |> yield(name: "counts")\n')
             + source(instance, ' |> filter(fn: (r) => r._field == "count")'
                                ' |> map(fn: (r) => ({r with _value: if r._value > 5 then die(msg: "count too high") else r._value}))'
                                ' |> yield(name: "checked")'))
    seen = []
    with pytest.raises(FluxQueryException) as caught:
        for record in query_api.query_stream(query):
            seen.append((record.values["result"], record.get_value()))
    assert seen[:2] == [("counts", 3), ("counts", -4)]
    # Host a's table of the failing result may or may not be sent before host b's row fails.
    assert seen[2:] in ([], [("checked", 3), ("checked", -4)])
    assert caught.value.message.startswith("runtime error @")
    assert caught.value.message.endswith("count too high")


def test_unknown_bucket_is_the_clients_404(query_api, instance):
    with pytest.raises(ApiException) as caught:
        query_api.query('from(bucket: "no-such-bucket-py") |> range(start: 0)')
    assert caught.value.status == 404
    assert json.loads(caught.value.body) == {
        "code": "not found", "message": 'failed to initialize execute state: could not find bucket "no-such-bucket-py"'}
