package engine_test

import (
	"fmt"
	"strings"
	"time"

	"policycheck/engine"
	"policycheck/rules"
)

func ExampleCatalogue_EstimateJSON() {
	c, err := engine.Load(rules.FS)
	if err != nil {
		panic(err)
	}
	a, _ := c.ParseAnswers([]byte(`{"organisation_kind": "company", "registered_district": "nanming"}`))
	out, err := c.EstimateJSON(nil, a, engine.Options{Date: time.Date(2017, 6, 1, 0, 0, 0, 0, time.UTC), Brief: true})
	fmt.Println(err == nil, strings.HasPrefix(string(out), `{"format_version":3,"catalogue_version":`))
	// Output: true true
}
