package e2e

import (
	"testing"

	"github.com/influxdata/influxdb-client-go/v2/domain"
)

func TestOrganizationsCreateFindUpdateDelete(t *testing.T) {
	s := server(t)
	orgs := s.client(t, s.token).OrganizationsAPI()

	name := unique("org")
	created := must(orgs.CreateOrganizationWithName(ctx(t), name))(t)
	if len(str(created.Id)) != 16 || created.Name != name {
		t.Fatalf("created org = %+v", created)
	}
	if byName := must(orgs.FindOrganizationByName(ctx(t), name))(t); str(byName.Id) != str(created.Id) {
		t.Fatalf("FindOrganizationByName = %s, want %s", str(byName.Id), str(created.Id))
	}
	listed := must(orgs.GetOrganizations(ctx(t)))(t)
	found := false
	for _, org := range *listed {
		found = found || org.Name == name
	}
	if !found {
		t.Fatalf("GetOrganizations does not list %s", name)
	}

	newName := unique("org-renamed")
	created.Name = newName
	updated := must(orgs.UpdateOrganization(ctx(t), created))(t)
	if updated.Name != newName {
		t.Fatalf("updated name = %s, want %s", updated.Name, newName)
	}

	if _, err := orgs.CreateOrganizationWithName(ctx(t), newName); codeOf(err) != "conflict" {
		t.Fatalf("duplicate org: got %v want code conflict", err)
	}

	if err := orgs.DeleteOrganizationWithID(ctx(t), str(created.Id)); err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.FindOrganizationByID(ctx(t), str(created.Id)); codeOf(err) != "not found" {
		t.Fatalf("deleted org: got %v want code not found", err)
	}
}

func TestOrganizationMembersAndOwners(t *testing.T) {
	s := server(t)
	c := s.client(t, s.token)
	org := must(c.OrganizationsAPI().CreateOrganizationWithName(ctx(t), unique("org-members")))(t)
	user := must(c.UsersAPI().CreateUserWithName(ctx(t), unique("member")))(t)
	orgID, userID := str(org.Id), str(user.Id)

	member := must(c.OrganizationsAPI().AddMemberWithID(ctx(t), orgID, userID))(t)
	if str(member.Id) != userID || member.Role == nil || *member.Role != domain.ResourceMemberRoleMember {
		t.Fatalf("added member = %+v", member)
	}
	if !hasMember(must(c.OrganizationsAPI().GetMembersWithID(ctx(t), orgID))(t), userID) {
		t.Fatal("member not listed")
	}
	if err := c.OrganizationsAPI().RemoveMemberWithID(ctx(t), orgID, userID); err != nil {
		t.Fatal(err)
	}
	if hasMember(must(c.OrganizationsAPI().GetMembersWithID(ctx(t), orgID))(t), userID) {
		t.Fatal("removed member still listed")
	}

	owner := must(c.OrganizationsAPI().AddOwnerWithID(ctx(t), orgID, userID))(t)
	if str(owner.Id) != userID || owner.Role == nil || *owner.Role != domain.ResourceOwnerRoleOwner {
		t.Fatalf("added owner = %+v", owner)
	}
	if !hasOwner(must(c.OrganizationsAPI().GetOwnersWithID(ctx(t), orgID))(t), userID) {
		t.Fatal("owner not listed")
	}
	if err := c.OrganizationsAPI().RemoveOwnerWithID(ctx(t), orgID, userID); err != nil {
		t.Fatal(err)
	}
	if hasOwner(must(c.OrganizationsAPI().GetOwnersWithID(ctx(t), orgID))(t), userID) {
		t.Fatal("removed owner still listed")
	}
}

func hasMember(members *[]domain.ResourceMember, userID string) bool {
	for _, m := range *members {
		if str(m.Id) == userID {
			return true
		}
	}
	return false
}

func hasOwner(owners *[]domain.ResourceOwner, userID string) bool {
	for _, o := range *owners {
		if str(o.Id) == userID {
			return true
		}
	}
	return false
}
