// Package e2e drives a running fluxgate with the official Go client (influxdb-client-go/v2).
// src/go.test.ts starts an onboarded server and passes it through FLUXGATE_URL, FLUXGATE_TOKEN,
// FLUXGATE_ORG, FLUXGATE_ORG_ID and FLUXGATE_USER_ID. A missing variable fails: this suite never skips.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	influxdb2 "github.com/influxdata/influxdb-client-go/v2"
	influxhttp "github.com/influxdata/influxdb-client-go/v2/api/http"
)

type instance struct {
	url, token, org, orgID, userID string
}

func mustEnv(t *testing.T, name string) string {
	t.Helper()
	value := os.Getenv(name)
	if value == "" {
		t.Fatalf("%s is not set: run this suite through `pnpm e2e` (src/go.test.ts)", name)
	}
	return value
}

func server(t *testing.T) instance {
	t.Helper()
	return instance{
		url:    mustEnv(t, "FLUXGATE_URL"),
		token:  mustEnv(t, "FLUXGATE_TOKEN"),
		org:    mustEnv(t, "FLUXGATE_ORG"),
		orgID:  mustEnv(t, "FLUXGATE_ORG_ID"),
		userID: mustEnv(t, "FLUXGATE_USER_ID"),
	}
}

func (s instance) client(t *testing.T, token string) influxdb2.Client {
	t.Helper()
	c := influxdb2.NewClientWithOptions(s.url, token, influxdb2.DefaultOptions().SetHTTPRequestTimeout(10))
	t.Cleanup(c.Close)
	return c
}

func ctx(t *testing.T) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

var counter atomic.Int64

func unique(prefix string) string {
	return fmt.Sprintf("%s-go-%d-%d", prefix, os.Getpid(), counter.Add(1))
}

// codeOf returns InfluxDB's error code ("unauthorized", "not found", "conflict"…) from a client
// error. The management APIs of influxdb-client-go report a server error as a plain
// "<code>: <message>" error without the HTTP status, so the code is what a Go user can check.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	var httpErr *influxhttp.Error
	if errors.As(err, &httpErr) {
		return httpErr.Code
	}
	code, _, found := strings.Cut(err.Error(), ": ")
	if !found {
		return ""
	}
	return code
}

// must takes a client call's two results and returns a function that fails the test on an error,
// so that a call reads `must(api.Call(...))(t)`.
func must[T any](value T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return value
	}
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
