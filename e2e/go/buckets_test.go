package e2e

import (
	"testing"

	"github.com/influxdata/influxdb-client-go/v2/domain"
)

func expire(seconds int64) domain.RetentionRule {
	kind := domain.RetentionRuleTypeExpire
	return domain.RetentionRule{EverySeconds: seconds, Type: &kind}
}

func TestBucketsCreateFindUpdateDelete(t *testing.T) {
	s := server(t)
	buckets := s.client(t, s.token).BucketsAPI()

	name := unique("bucket")
	created := must(buckets.CreateBucketWithNameWithID(ctx(t), s.orgID, name, expire(86_400)))(t)
	if len(str(created.Id)) != 16 || created.Name != name || str(created.OrgID) != s.orgID {
		t.Fatalf("created bucket = %+v", created)
	}
	if len(created.RetentionRules) != 1 || created.RetentionRules[0].EverySeconds != 86_400 {
		t.Fatalf("retention rules = %+v", created.RetentionRules)
	}
	if byName := must(buckets.FindBucketByName(ctx(t), name))(t); str(byName.Id) != str(created.Id) {
		t.Fatalf("FindBucketByName = %s", str(byName.Id))
	}
	byOrg := must(buckets.FindBucketsByOrgID(ctx(t), s.orgID))(t)
	found := false
	for _, b := range *byOrg {
		found = found || str(b.Id) == str(created.Id)
	}
	if !found {
		t.Fatal("FindBucketsByOrgID does not list the new bucket")
	}

	if _, err := buckets.CreateBucketWithNameWithID(ctx(t), s.orgID, name); codeOf(err) != "conflict" {
		t.Fatalf("duplicate bucket: got %v want code conflict", err)
	}

	created.Name = unique("bucket-renamed")
	created.RetentionRules = domain.RetentionRules{expire(7_200)}
	updated := must(buckets.UpdateBucket(ctx(t), created))(t)
	if updated.Name != created.Name || len(updated.RetentionRules) != 1 || updated.RetentionRules[0].EverySeconds != 7_200 {
		t.Fatalf("updated bucket = %+v", updated)
	}

	if err := buckets.DeleteBucketWithID(ctx(t), str(created.Id)); err != nil {
		t.Fatal(err)
	}
	if _, err := buckets.FindBucketByID(ctx(t), str(created.Id)); codeOf(err) != "not found" {
		t.Fatalf("deleted bucket: got %v want code not found", err)
	}
}
