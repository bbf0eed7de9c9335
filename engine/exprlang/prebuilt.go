package exprlang

import (
	"encoding/binary"
	"errors"
	"math"
)

// A prebuilt expression is the tree the parser and checker made of a
// source, written at build time by Encode (natively, after expr's checker
// and the engine's own) and read back at start-up by decode, so that the
// WebAssembly builds neither lex nor parse nor type-check the catalogue's
// expressions: that code, run once, cost more than the work itself, most of
// it V8 compiling it on first use.
//
// The form is one node after another in prefix order: kind, type, then
// the operator or name, the string, the integer (zig-zag varint), the float
// (8 bytes, little endian) and the number of operands, each field present
// only when it is not zero (a byte of flags says which).

// Prebuilt hands e the prebuilt forms of expressions by source (see
// Encode): Condition and Number take a source's tree from it instead of
// parsing it. The build wrote them from these very sources, checked.
func (e *Env) Prebuilt(forms map[string]string) { e.pre = forms }

// PrebuiltFormat numbers the prebuilt form: bump it when the form or the
// numbering of node kinds or types changes (the engine's version includes
// it, so that a catalogue compiled before is refused).
const PrebuiltFormat = 1

const (
	encOp = 1 << iota
	encStr
	encNum
	encFlt
	encArgs
)

var errPrebuilt = errors.New("malformed prebuilt expression")

// decoder reads a prebuilt form.
type decoder struct {
	e   *Env
	s   string
	err error
}

func (d *decoder) uvarint() uint64 {
	var v uint64
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		v |= uint64(c&0x7f) << (7 * i)
		if c < 0x80 {
			d.s = d.s[i+1:]
			return v
		}
	}
	d.err = errPrebuilt
	return 0
}

func (d *decoder) str() string {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.s)) {
		d.err = errPrebuilt
		return ""
	}
	s := d.s[:n]
	d.s = d.s[n:]
	return s
}

// node reads one node and its operands.
func (d *decoder) node(depth int) *xnode {
	if d.err != nil || len(d.s) < 3 || depth > 1000 {
		d.err = errPrebuilt
		return nil
	}
	n := &xnode{kind: xkind(d.s[0]), typ: Type(d.s[1])}
	flags := d.s[2]
	d.s = d.s[3:]
	if flags&encOp != 0 {
		n.op = d.str()
	}
	if flags&encStr != 0 {
		n.str = d.str()
	}
	if flags&encNum != 0 {
		u := d.uvarint() // zig-zag, as binary.AppendVarint writes it
		n.num = int(int64(u>>1) ^ -int64(u&1))
	}
	if flags&encFlt != 0 {
		if len(d.s) < 8 {
			d.err = errPrebuilt
			return nil
		}
		var u uint64
		for i := 7; i >= 0; i-- {
			u = u<<8 | uint64(d.s[i])
		}
		n.flt = math.Float64frombits(u)
		d.s = d.s[8:]
	}
	if flags&encArgs != 0 {
		k := d.uvarint()
		if k > uint64(len(d.s)) {
			d.err = errPrebuilt
			return nil
		}
		n.args = make([]*xnode, k)
		for i := range n.args {
			n.args[i] = d.node(depth + 1)
		}
	}
	if n.kind == xIdent && d.err == nil {
		// The variable by name, as check resolves it.
		if q, ok := d.e.vars[n.op]; ok {
			if q.Type != n.typ {
				d.err = errors.New("prebuilt expression: " + n.op + " has another type in this catalogue")
			}
			n.q = q
		} else if xbuiltinVars[n.op] != n.typ {
			d.err = errors.New("prebuilt expression: unknown name " + n.op)
		}
	}
	return n
}

// prebuilt returns the tree of src from the prebuilt forms, if there is one.
func (e *Env) prebuilt(src string, want Type) (*xnode, bool, error) {
	form, ok := e.pre[src]
	if !ok {
		return nil, false, nil
	}
	d := &decoder{e: e, s: form}
	n := d.node(0)
	if d.err == nil && len(d.s) != 0 {
		d.err = errPrebuilt
	}
	if d.err == nil && (want == vBool && n.typ != vBool || want == vFloat && !n.typ.numeric()) {
		d.err = errors.New("prebuilt expression of another type")
	}
	if d.err != nil {
		return nil, true, errors.New(d.err.Error() + ": " + src)
	}
	return n, true, nil
}
