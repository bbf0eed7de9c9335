package exprlang

import "slices"

// fastLeaf is a leaf shape simple enough to evaluate with one switch and no
// closure call: nearly every leaf of the catalogue is one of these. kind 0
// means "run the compiled closure".
type fastLeaf struct {
	kind uint8
	op   cmpOp
	q    int // index of the question read
	i    int
	f    float64
	s    string
	list []string
}

// Fast leaf kinds.
const (
	fastNone      uint8 = iota
	fastBool            // q                  (a yes/no question)
	fastIntCmp          // q op 3             (count or year against a whole number)
	fastFloatCmp        // q op 1.5, money op 100000000
	fastStringCmp       // q == "x", q != "x" (one choice)
	fastInMulti         // "x" in q           (several choices)
	fastChoiceIn        // q in ["a", "b"]    (one choice among a list)
)

// constant returns the value of a numeric literal, with a sign if negated.
func constant(n *xnode) (i int, f float64, isInt, ok bool) {
	neg := false
	for n.kind == xUnary && (n.op == "-" || n.op == "+") {
		if n.op == "-" {
			neg = !neg
		}
		n = n.args[0]
	}
	switch n.kind {
	case xInt:
		if neg {
			return -n.num, -float64(n.num), true, true
		}
		return n.num, float64(n.num), true, true
	case xFloat:
		if neg {
			return 0, -n.flt, false, true
		}
		return 0, n.flt, false, true
	}
	return 0, 0, false, false
}

func question(n *xnode) (*Var, bool) {
	if n.kind == xIdent && n.q != nil {
		return n.q, true
	}
	return nil, false
}

// fastPath recognises the common leaf shapes of a checked leaf.
func fastPath(n *xnode) fastLeaf {
	if q, ok := question(n); ok && n.typ == vBool {
		return fastLeaf{kind: fastBool, q: q.Index}
	}
	if n.kind != xBinary {
		return fastLeaf{}
	}
	l, r := n.args[0], n.args[1]
	if n.op == "in" {
		if q, ok := question(r); ok && l.kind == xString && r.typ == vStrings {
			return fastLeaf{kind: fastInMulti, q: q.Index, s: l.str}
		}
		if q, ok := question(l); ok && l.typ == vString && r.kind == xArray {
			list := make([]string, len(r.args))
			for i, e := range r.args {
				list[i] = e.str
			}
			return fastLeaf{kind: fastChoiceIn, q: q.Index, list: list}
		}
		return fastLeaf{}
	}
	op := compareOp(n.op)
	if op == 0 {
		return fastLeaf{}
	}
	q, ok := question(l)
	other := r
	if !ok {
		if q, ok = question(r); !ok {
			return fastLeaf{}
		}
		other, op = l, op.flip()
	}
	qt := q.Type
	switch {
	case qt == vString && other.kind == xString && (op == cmpEq || op == cmpNe):
		return fastLeaf{kind: fastStringCmp, op: op, q: q.Index, s: other.str}
	case qt.numeric():
		i, f, isInt, ok := constant(other)
		if !ok {
			return fastLeaf{}
		}
		if qt == vInt && isInt {
			return fastLeaf{kind: fastIntCmp, op: op, q: q.Index, i: i}
		}
		return fastLeaf{kind: fastFloatCmp, op: op, q: q.Index, f: f, i: int(qt)}
	}
	return fastLeaf{}
}

// evalFast evaluates a fast leaf whose question is answered.
func (ev *State) evalFast(f *fastLeaf) bool {
	v := &ev.Vals[f.q]
	switch f.kind {
	case fastBool:
		return v.B
	case fastIntCmp:
		return compareOrdered(f.op, v.I, f.i)
	case fastFloatCmp:
		x := v.F
		if Type(f.i) == vInt {
			x = float64(v.I)
		}
		return compareOrdered(f.op, x, f.f)
	case fastStringCmp:
		return (v.S == f.s) == (f.op == cmpEq)
	case fastInMulti:
		return slices.Contains(v.SS, f.s)
	case fastChoiceIn:
		return slices.Contains(f.list, v.S)
	}
	return false
}
