//go:build !js

package exprlang

import (
	"reflect"
	"testing"
	"time"
)

// clearLoc drops what the prebuilt form does not keep (source positions).
func clearLoc(n *xnode) {
	n.loc.From, n.loc.To = 0, 0
	for _, a := range n.args {
		clearLoc(a)
	}
}

func TestPrebuiltFormsRoundTrip(t *testing.T) {
	vars := []Var{
		{Name: "kind", Type: String, Index: 0},
		{Name: "staff", Type: Int, Index: 1},
		{Name: "revenue", Type: Float, Index: 2},
		{Name: "founded", Type: Date, Index: 3},
		{Name: "areas", Type: Strings, Index: 4},
		{Name: "ok", Type: Bool, Index: 5},
	}
	conds := []string{
		`kind == "company" && staff >= 10`,
		`kind in ["a", "b\"c", "中文"] || not ok`,
		`!(revenue > 1.5e6) ? staff % 3 == -2 : "x" in areas`,
		`years_between(founded, assessment_date) <= 3 and assessment_year > 2019`,
		`year_of(founded) == 2020 || revenue * 0.25 + staff - 1 != 0.0`,
		`ok == true`,
	}
	nums := []string{`min(revenue * 0.3, 5000000)`, `staff * 10000 - 0.5`, `-staff`}
	e := NewOwnEnv(vars)
	forms := map[string]string{}
	for _, list := range []struct {
		srcs   []string
		number bool
	}{{conds, false}, {nums, true}} {
		for _, src := range list.srcs {
			form, err := e.Encode(src, list.number)
			if err != nil {
				if list.number && src == nums[0] {
					continue // min is outside the subset: fine, the point is the others
				}
				t.Fatalf("%s: %v", src, err)
			}
			forms[src] = form
		}
	}
	pre := NewOwnEnv(vars)
	pre.Prebuilt(forms)
	for src, form := range forms {
		want := vBool
		if _, ok := e.nums[src]; ok || src == nums[1] || src == nums[2] {
			want = vFloat
		}
		parsed, err := e.parseOwn(src, want)
		if err != nil {
			t.Fatal(err)
		}
		clearLoc(parsed)
		got, ok, err := pre.prebuilt(src, want)
		if !ok || err != nil {
			t.Fatalf("%s: prebuilt form not read (%v, %v)", src, ok, err)
		}
		// Variables compare by name and type: the two environments hold their own copies.
		if !reflect.DeepEqual(got, parsed) {
			t.Errorf("%s: decoded %s, parsed %s", src, got, parsed)
		}
		if len(form) > 4*len(src)+16 {
			t.Errorf("%s: prebuilt form of %d bytes", src, len(form))
		}
	}
	// Compiled from either, a condition evaluates alike.
	st := &State{Vals: []Value{
		{Set: true, S: "company"}, {Set: true, I: 12, F: 12}, {Set: true, F: 2e6}, {Set: true, T: time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Set: true, SS: []string{"x"}}, {Set: true, B: true},
	}, Date: time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), Year: 2022}
	for _, src := range conds {
		a, err := e.Condition(src)
		if err != nil {
			t.Fatal(err)
		}
		b, err := pre.Condition(src)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := st.Eval(a), st.Eval(b); x != y {
			t.Errorf("%s: %v parsed, %v prebuilt", src, x, y)
		}
	}
	// A malformed or mistyped form is an error, not a panic.
	for _, bad := range []string{"", "\x08", forms[conds[0]][:5], forms[conds[0]] + "x"} {
		pre.pre = map[string]string{"x": bad}
		if _, err := pre.Condition("x"); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
	pre.pre = map[string]string{"y": forms[nums[1]]}
	if _, err := pre.Condition("y"); err == nil {
		t.Error("a numeric form read as a condition: no error")
	}
}
