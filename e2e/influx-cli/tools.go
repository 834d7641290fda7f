//go:build tools

// Package tools pins the official influx CLI for the e2e suite. `go install
// github.com/influxdata/influx-cli/v2/cmd/influx@v2.3.0` would build the same sources, but it first
// asks the module proxy for the module's version list (to report deprecation), which the proxy here
// refuses; building the command from this module reads only the pinned version. .ci/run runs
// `go build -o ../.bin/influx github.com/influxdata/influx-cli/v2/cmd/influx` in this folder.
package tools

import _ "github.com/influxdata/influx-cli/v2/cmd/influx"
