package e2e

import (
	"testing"

	"github.com/influxdata/influxdb-client-go/v2/domain"
)

func TestAuthorizationsLifecycle(t *testing.T) {
	s := server(t)
	auths := s.client(t, s.token).AuthorizationsAPI()
	orgID := s.orgID
	permissions := []domain.Permission{{
		Action:   domain.PermissionActionRead,
		Resource: domain.Resource{Type: domain.ResourceTypeBuckets, OrgID: &orgID},
	}}

	created := must(auths.CreateAuthorizationWithOrgID(ctx(t), s.orgID, permissions))(t)
	if str(created.Token) == "" || created.Status == nil || *created.Status != domain.AuthorizationUpdateRequestStatusActive {
		t.Fatalf("created authorization = %+v", created)
	}
	id := str(created.Id)

	// The new token drives the client.
	limited := s.client(t, str(created.Token)).BucketsAPI()
	if _, err := limited.FindBucketsByOrgID(ctx(t), s.orgID); err != nil {
		t.Fatalf("new token cannot list buckets: %v", err)
	}

	for name, list := range map[string]func() (*[]domain.Authorization, error){
		"all":     func() (*[]domain.Authorization, error) { return auths.GetAuthorizations(ctx(t)) },
		"by user": func() (*[]domain.Authorization, error) { return auths.FindAuthorizationsByUserID(ctx(t), s.userID) },
		"by org":  func() (*[]domain.Authorization, error) { return auths.FindAuthorizationsByOrgID(ctx(t), s.orgID) },
		"by org name": func() (*[]domain.Authorization, error) {
			return auths.FindAuthorizationsByOrgName(ctx(t), s.org)
		},
	} {
		found := false
		for _, a := range *must(list())(t) {
			found = found || str(a.Id) == id
		}
		if !found {
			t.Fatalf("listing %s does not include the new authorization", name)
		}
	}

	inactive := must(auths.UpdateAuthorizationStatusWithID(ctx(t), id, domain.AuthorizationUpdateRequestStatusInactive))(t)
	if inactive.Status == nil || *inactive.Status != domain.AuthorizationUpdateRequestStatusInactive {
		t.Fatalf("status after inactive = %+v", inactive.Status)
	}
	if _, err := limited.FindBucketsByOrgID(ctx(t), s.orgID); codeOf(err) != "unauthorized" {
		t.Fatalf("inactive token: got %v want code unauthorized", err)
	}
	must(auths.UpdateAuthorizationStatusWithID(ctx(t), id, domain.AuthorizationUpdateRequestStatusActive))(t)
	if _, err := limited.FindBucketsByOrgID(ctx(t), s.orgID); err != nil {
		t.Fatalf("re-activated token refused: %v", err)
	}

	if err := auths.DeleteAuthorizationWithID(ctx(t), id); err != nil {
		t.Fatal(err)
	}
	if _, err := limited.FindBucketsByOrgID(ctx(t), s.orgID); codeOf(err) != "unauthorized" {
		t.Fatalf("deleted token: got %v want code unauthorized", err)
	}
}

func TestWrongTokenIs401(t *testing.T) {
	s := server(t)
	if _, err := s.client(t, "not-a-real-token").OrganizationsAPI().GetOrganizations(ctx(t)); codeOf(err) != "unauthorized" {
		t.Fatalf("wrong token: got %v want code unauthorized", err)
	}
}
