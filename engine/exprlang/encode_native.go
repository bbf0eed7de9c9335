//go:build !js

package exprlang

import "sort"

// Encode parses and checks src as Condition (number false) or Number
// (number true) would, and returns its prebuilt form (see Prebuilt).
func (e *Env) Encode(src string, number bool) (string, error) {
	want := vBool
	if number {
		want = vFloat
	}
	n, err := e.parseChecked(src, want)
	if err != nil {
		return "", err
	}
	return string(encode(nil, n)), nil
}

// Sources lists, sorted, the sources of the conditions and of the numeric
// formulas e has compiled.
func (e *Env) Sources() (conds, nums []string) {
	for s := range e.conds {
		conds = append(conds, s)
	}
	for s := range e.nums {
		nums = append(nums, s)
	}
	sort.Strings(conds)
	sort.Strings(nums)
	return conds, nums
}
