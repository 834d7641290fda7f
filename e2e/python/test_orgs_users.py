"""OrganizationsApi and UsersApi through influxdb_client."""
import pytest
from influxdb_client import AddResourceMemberRequestBody, InfluxDBClient, Organization
from influxdb_client.rest import ApiException
from influxdb_client.service.organizations_service import OrganizationsService
from influxdb_client.service.users_service import UsersService


def test_org_create_find_list(client, instance, unique):
    orgs = client.organizations_api()
    name = unique("org")
    created = orgs.create_organization(name=name)
    assert len(created.id) == 16
    assert orgs.find_organization(created.id).name == name
    assert [org.id for org in orgs.find_organizations(org=name)] == [created.id]
    listed = [org.name for org in orgs.find_organizations()]
    assert name in listed and instance.org in listed


def test_org_duplicate_is_refused(client, unique):
    orgs = client.organizations_api()
    name = unique("org-dup")
    orgs.create_organization(name=name)
    with pytest.raises(ApiException) as refused:
        orgs.create_organization(name=name)
    assert refused.value.status == 422


def test_org_update_and_delete(client, unique):
    orgs = client.organizations_api()
    created = orgs.create_organization(name=unique("org-old"))
    new_name = unique("org-new")
    updated = orgs.update_organization(Organization(id=created.id, name=new_name, description="renamed"))
    assert updated.name == new_name
    assert updated.description == "renamed"
    orgs.delete_organization(created.id)
    with pytest.raises(ApiException) as missing:
        orgs.find_organization(created.id)
    assert missing.value.status == 404


def test_org_members_and_owners(client, unique):
    org = client.organizations_api().create_organization(name=unique("org-members"))
    user = client.users_api().create_user(name=unique("member"))
    service = OrganizationsService(client.api_client)

    member = service.post_orgs_id_members(org_id=org.id, add_resource_member_request_body=AddResourceMemberRequestBody(id=user.id))
    assert member.id == user.id and member.role == "member"
    assert user.id in [m.id for m in service.get_orgs_id_members(org_id=org.id).users]
    service.delete_orgs_id_members_id(user_id=user.id, org_id=org.id)
    assert user.id not in [m.id for m in (service.get_orgs_id_members(org_id=org.id).users or [])]

    owner = service.post_orgs_id_owners(org_id=org.id, add_resource_member_request_body=AddResourceMemberRequestBody(id=user.id))
    assert owner.id == user.id and owner.role == "owner"
    assert user.id in [o.id for o in service.get_orgs_id_owners(org_id=org.id).users]
    service.delete_orgs_id_owners_id(user_id=user.id, org_id=org.id)
    assert user.id not in [o.id for o in (service.get_orgs_id_owners(org_id=org.id).users or [])]


def test_user_create_find_update(client, instance, unique):
    users = client.users_api()
    name = unique("user")
    created = users.create_user(name=name)
    assert len(created.id) == 16
    assert created.status == "active"
    assert [u.id for u in users.find_users(name=name).users] == [created.id]
    assert instance.user in [u.name for u in users.find_users().users]
    assert users.me().id == instance.user_id

    created.name = unique("user-renamed")
    updated = users.update_user(created)
    assert updated.name == created.name


def _signin(url: str, user: str, password: str) -> str:
    """Signs in the way the client does with username/password (POST /api/v2/signin, then the
    session cookie) and returns the name /api/v2/me reports for that session."""
    with InfluxDBClient(url=url, username=user, password=password) as session:
        return session.users_api().me().name


def test_user_password(client, instance, unique):
    users = client.users_api()
    name = unique("user-pw")
    created = users.create_user(name=name)
    users.update_password(created, "first-password-1")
    assert _signin(instance.url, name, "first-password-1") == name
    users.update_password(created.id, "second-password-2")
    assert _signin(instance.url, name, "second-password-2") == name
    with pytest.raises(ApiException) as refused:
        _signin(instance.url, name, "first-password-1")
    assert refused.value.status == 401


def test_user_delete(client, unique):
    users = client.users_api()
    created = users.create_user(name=unique("user-gone"))
    users.delete_user(created)
    with pytest.raises(ApiException) as missing:
        UsersService(client.api_client).get_users_id(user_id=created.id)
    assert missing.value.status == 404
