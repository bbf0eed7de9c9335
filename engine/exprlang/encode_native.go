//go:build !js

package exprlang

import (
	"encoding/binary"
	"math"
	"sort"
)

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

// encode appends n's prebuilt form to b.
func encode(b []byte, n *xnode) []byte {
	var flags byte
	if n.op != "" {
		flags |= encOp
	}
	if n.str != "" {
		flags |= encStr
	}
	if n.num != 0 {
		flags |= encNum
	}
	if n.flt != 0 {
		flags |= encFlt
	}
	if len(n.args) > 0 {
		flags |= encArgs
	}
	b = append(b, byte(n.kind), byte(n.typ), flags)
	if n.op != "" {
		b = binary.AppendUvarint(b, uint64(len(n.op)))
		b = append(b, n.op...)
	}
	if n.str != "" {
		b = binary.AppendUvarint(b, uint64(len(n.str)))
		b = append(b, n.str...)
	}
	if n.num != 0 {
		b = binary.AppendVarint(b, int64(n.num))
	}
	if n.flt != 0 {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(n.flt))
	}
	if len(n.args) > 0 {
		b = binary.AppendUvarint(b, uint64(len(n.args)))
		for _, a := range n.args {
			b = encode(b, a)
		}
	}
	return b
}
