// Package bench measures policycheck: the engine natively and under
// js/wasm, catalogues of 100 to 10,000 rules, the size of what the page
// loads, and two other rule engines evaluating the same conditions.
// bench/run.sh runs all of it and writes BENCHMARKS.md; see bench/README.md.
//
// This file holds what the Go benchmarks, the benchmark wasm build and the
// Node scripts share: the answer profiles an estimate is timed with.
package bench

// Profile is a set of answers (as the page sends them) and an assessment date.
type Profile struct {
	Name    string
	Date    string
	Answers string
}

// Profiles are the answers estimates are timed with: a firm that has
// answered the questions its district asks, one that has answered a few,
// and a first visit with nothing answered (the largest report: every rule
// is possible and lists what it needs).
var Profiles = []Profile{
	{"nanming-software", "2017-06-01", `{"organisation_kind":"company","registered_district":"nanming","tax_district":"nanming",` +
		`"software_certified":true,"software_cert_year":2016,"hightech_certified":true,"hightech_cert_year":2013,` +
		`"moved_in":false,"invention_patents":2}`},
	{"jingan-bigdata", "2019-10-01", `{"organisation_kind":"company","registered_district":"jingan","tax_district":"jingan","industries":["big_data"]}`},
	{"nothing-answered", "2018-01-01", `{}`},
}
