"""BucketsApi and AuthorizationsApi through influxdb_client."""
import pytest
from influxdb_client import BucketRetentionRules, InfluxDBClient, Permission, PermissionResource
from influxdb_client.rest import ApiException


def test_bucket_create_with_retention_and_find(client, instance, unique):
    buckets = client.buckets_api()
    name = unique("bucket")
    created = buckets.create_bucket(bucket_name=name, org=instance.org,
                                    retention_rules=BucketRetentionRules(type="expire", every_seconds=86_400))
    assert len(created.id) == 16
    assert created.org_id == instance.org_id
    assert created.type == "user"
    assert [rule.every_seconds for rule in created.retention_rules] == [86_400]
    assert buckets.find_bucket_by_id(created.id).name == name
    assert buckets.find_bucket_by_name(name).id == created.id
    listed = [b.name for b in buckets.find_buckets(org_id=instance.org_id, limit=100).buckets]
    assert name in listed and instance.bucket in listed


def test_bucket_duplicate_is_refused(client, instance, unique):
    buckets = client.buckets_api()
    name = unique("bucket-dup")
    buckets.create_bucket(bucket_name=name, org=instance.org)
    with pytest.raises(ApiException) as refused:
        buckets.create_bucket(bucket_name=name, org=instance.org)
    assert refused.value.status == 422


def test_bucket_update_and_delete(client, instance, unique):
    buckets = client.buckets_api()
    created = buckets.create_bucket(bucket_name=unique("bucket-old"), org=instance.org)
    created.name = unique("bucket-new")
    created.description = "changed"
    created.retention_rules = [BucketRetentionRules(type="expire", every_seconds=7_200)]
    updated = buckets.update_bucket(created)
    assert updated.name == created.name
    assert updated.description == "changed"
    assert [rule.every_seconds for rule in updated.retention_rules] == [7_200]

    buckets.delete_bucket(created)
    with pytest.raises(ApiException) as missing:
        buckets.find_bucket_by_id(created.id)
    assert missing.value.status == 404
    listed = [b.id for b in buckets.find_buckets(org_id=instance.org_id, limit=100).buckets]
    assert created.id not in listed


def _read_buckets(org_id: str) -> Permission:
    return Permission(action="read", resource=PermissionResource(type="buckets", org_id=org_id))


def test_authorization_lifecycle(client, instance, unique):
    auths = client.authorizations_api()
    created = auths.create_authorization(org_id=instance.org_id, permissions=[_read_buckets(instance.org_id)])
    assert created.token
    assert created.status == "active"
    assert created.org_id == instance.org_id

    # The new token drives the client.
    with InfluxDBClient(url=instance.url, token=created.token, org=instance.org) as limited:
        names = [b.name for b in limited.buckets_api().find_buckets(org_id=instance.org_id).buckets]
        assert instance.bucket in names

    assert created.id in [a.id for a in auths.find_authorizations()]
    assert created.id in [a.id for a in auths.find_authorizations_by_user_id(instance.user_id)]
    assert created.id in [a.id for a in auths.find_authorizations_by_user_name(instance.user)]
    assert created.id in [a.id for a in auths.find_authorizations_by_org_id(instance.org_id)]
    assert created.id in [a.id for a in auths.find_authorizations_by_org_name(instance.org)]

    created.status = "inactive"
    assert auths.update_authorization(created).status == "inactive"
    with InfluxDBClient(url=instance.url, token=created.token, org=instance.org) as limited:
        with pytest.raises(ApiException) as refused:
            limited.buckets_api().find_buckets(org_id=instance.org_id)
        assert refused.value.status == 401

    created.status = "active"
    assert auths.update_authorization(created).status == "active"
    with InfluxDBClient(url=instance.url, token=created.token, org=instance.org) as limited:
        assert limited.buckets_api().find_buckets(org_id=instance.org_id).buckets

    auths.delete_authorization(created)
    with pytest.raises(ApiException) as missing:
        auths.find_authorization_by_id(created.id)
    assert missing.value.status == 404
