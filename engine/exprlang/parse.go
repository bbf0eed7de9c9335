package exprlang

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser/lexer"
)

// The engine's own reading of the expression language. Conditions are
// written in expr-lang syntax (github.com/expr-lang/expr); the engine parses
// the subset the catalogue needs with expr's own lexer and a port of expr's
// parser rules (same precedence, same associativity, the same chaining of
// comparisons), type-checks it and compiles it to Go closures.
//
// It exists so that the WebAssembly build does not link expr's parser,
// checker, compiler and VM: they use reflection by method name, which keeps
// every exported method of every type in the binary, and made up about a
// third of the compressed wasm. Native builds still type-check every
// expression with expr first (see exprcheck_native.go), so the catalogue stays
// valid expr, and the tests run both evaluators side by side.
//
// The subset: literals (whole and decimal numbers, strings, true, false),
// lists of literals, question ids and the built-in variables, the operators
// ! not - + && || and or == != < <= > >= in "not in" + - * / % ** ^ and ?:,
// parentheses, and the functions year_of and years_between.

// Type is the static type of an expression.
type Type uint8

const (
	vBad Type = iota
	vBool
	vInt
	vFloat
	vString
	vDate
	vStrings // a multi answer or a list of strings
	vInts    // a list of whole numbers
)

// String names the type as expr's checker does, so messages read the same.
func (t Type) String() string {
	switch t {
	case vBool:
		return "bool"
	case vInt:
		return "int"
	case vFloat:
		return "float64"
	case vString:
		return "string"
	case vDate:
		return "time.Time"
	case vStrings:
		return "[]string"
	case vInts:
		return "[]int"
	}
	return "unknown"
}

func (t Type) numeric() bool { return t == vInt || t == vFloat }

type xkind uint8

const (
	xIdent xkind = iota + 1
	xBool
	xInt
	xFloat
	xString
	xArray
	xUnary
	xBinary
	xCond
	xCall
)

// xnode is a node of a parsed expression.
type xnode struct {
	kind xkind
	op   string // operator, identifier or function name
	str  string
	num  int
	flt  float64
	args []*xnode // operands, list elements or call arguments
	loc  file.Location

	typ Type // set by check
	q   *Var // an identifier naming a variable
}

// String writes the expression back in expr syntax, fully parenthesised
// where precedence could be in doubt.
func (n *xnode) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *xnode) write(b *strings.Builder) {
	switch n.kind {
	case xIdent:
		b.WriteString(n.op)
	case xBool:
		b.WriteString(strconv.FormatBool(n.num != 0))
	case xInt:
		b.WriteString(strconv.Itoa(n.num))
	case xFloat:
		s := strconv.FormatFloat(n.flt, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eIN") {
			s += ".0"
		}
		b.WriteString(s)
	case xString:
		b.WriteString(strconv.Quote(n.str))
	case xArray:
		b.WriteByte('[')
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteByte(']')
	case xUnary:
		b.WriteString(n.op)
		if n.op == "not" {
			b.WriteByte(' ')
		}
		n.args[0].writeOperand(b)
	case xBinary:
		n.args[0].writeOperand(b)
		b.WriteString(" " + n.op + " ")
		n.args[1].writeOperand(b)
	case xCond:
		n.args[0].writeOperand(b)
		b.WriteString(" ? ")
		n.args[1].writeOperand(b)
		b.WriteString(" : ")
		n.args[2].writeOperand(b)
	case xCall:
		b.WriteString(n.op + "(")
		for i, a := range n.args {
			if i > 0 {
				b.WriteString(", ")
			}
			a.write(b)
		}
		b.WriteByte(')')
	}
}

func (n *xnode) writeOperand(b *strings.Builder) {
	if n.kind == xBinary || n.kind == xCond || n.kind == xUnary {
		b.WriteByte('(')
		n.write(b)
		b.WriteByte(')')
		return
	}
	n.write(b)
}

// Operator precedence and associativity, as in expr's parser/operator.
type xop struct {
	prec  int
	right bool
	ok    bool // part of the engine's subset
}

var xbinary = map[string]xop{
	"|": {0, false, false}, "or": {10, false, true}, "||": {10, false, true},
	"and": {15, false, true}, "&&": {15, false, true},
	"==": {20, false, true}, "!=": {20, false, true}, "<": {20, false, true}, ">": {20, false, true},
	">=": {20, false, true}, "<=": {20, false, true}, "in": {20, false, true},
	"matches": {20, false, false}, "contains": {20, false, false}, "startsWith": {20, false, false}, "endsWith": {20, false, false},
	"..": {25, false, false}, "+": {30, false, true}, "-": {30, false, true},
	"*": {60, false, true}, "/": {60, false, true}, "%": {60, false, true},
	"**": {100, true, true}, "^": {100, true, true}, "??": {500, false, false},
}

var xunary = map[string]int{"not": 50, "!": 50, "-": 90, "+": 90}

func isComparison(op string) bool { return op == "<" || op == ">" || op == ">=" || op == "<=" }

// xparser is a port of the part of expr's parser the subset needs; anything
// outside the subset is an error naming the construct.
type xparser struct {
	toks []lexer.Token
	pos  int
	cur  lexer.Token
	err  *file.Error
}

// parseExpr parses src into an unchecked tree.
func parseExpr(src string) (*xnode, error) {
	source := file.NewSource(src)
	toks, err := lexer.Lex(source)
	if err != nil {
		return nil, err
	}
	if len(toks) == 0 || toks[len(toks)-1].Kind != lexer.EOF {
		toks = append(toks, lexer.Token{Kind: lexer.EOF})
	}
	p := &xparser{toks: toks, cur: toks[0]}
	n := p.parseExpression(0)
	if p.err == nil && p.cur.Is(lexer.Operator, ";") {
		p.unsupported(p.cur.Location, "\";\"")
	}
	if p.err == nil && p.cur.Kind != lexer.EOF {
		p.errorf("unexpected token %v", p.cur)
	}
	if p.err != nil {
		return nil, p.err.Bind(source)
	}
	return n, nil
}

func (p *xparser) errorAt(loc file.Location, format string, args ...any) {
	if p.err == nil {
		p.err = &file.Error{Location: loc, Message: fmt.Sprintf(format, args...)}
	}
}

func (p *xparser) errorf(format string, args ...any) { p.errorAt(p.cur.Location, format, args...) }

func (p *xparser) unsupported(loc file.Location, what string) {
	p.errorAt(loc, "%s is not supported by the engine's evaluator", what)
}

func (p *xparser) next() {
	if p.pos+1 < len(p.toks) {
		p.pos++
		p.cur = p.toks[p.pos]
		return
	}
	if p.cur.Kind != lexer.EOF {
		p.cur = lexer.Token{Location: p.cur.Location, Kind: lexer.EOF}
		return
	}
	p.errorf("unexpected end of expression")
}

func (p *xparser) expect(kind lexer.Kind, value string) {
	if p.cur.Is(kind, value) {
		p.next()
		return
	}
	p.errorf("unexpected token %v", p.cur)
}

func (p *xparser) parseExpression(prec int) *xnode {
	if p.err != nil {
		return nil
	}
	if prec == 0 && p.cur.Is(lexer.Operator, "let", "if") {
		p.unsupported(p.cur.Location, "\""+p.cur.Value+"\"")
		return nil
	}
	left := p.parsePrimary()
	for p.cur.Kind == lexer.Operator && p.err == nil {
		opTok := p.cur
		negate := opTok.Value == "not"
		if negate {
			// "not in" (and expr's other negatable operators).
			if p.pos+1 >= len(p.toks) {
				break
			}
			nxt := p.toks[p.pos+1]
			op, ok := xbinary[nxt.Value]
			if nxt.Kind != lexer.Operator || nxt.Value != "in" {
				if nxt.Kind == lexer.Operator && (nxt.Value == "matches" || nxt.Value == "contains" || nxt.Value == "startsWith" || nxt.Value == "endsWith") {
					p.unsupported(nxt.Location, "\"not "+nxt.Value+"\"")
				} else {
					p.next()
					p.errorf("unexpected token %v", p.cur)
				}
				return nil
			}
			if !ok || op.prec < prec {
				break
			}
			p.next()
			opTok = p.cur
		}
		op, ok := xbinary[opTok.Value]
		if !ok || op.prec < prec {
			break
		}
		if !op.ok {
			p.unsupported(opTok.Location, "the operator \""+opTok.Value+"\"")
			return nil
		}
		p.next()
		if isComparison(opTok.Value) {
			left = p.parseComparison(left, opTok, op.prec)
			continue
		}
		var right *xnode
		if op.right {
			right = p.parseExpression(op.prec)
		} else {
			right = p.parseExpression(op.prec + 1)
		}
		if p.err != nil {
			return nil
		}
		left = &xnode{kind: xBinary, op: opTok.Value, args: []*xnode{left, right}, loc: opTok.Location}
		if negate {
			left = &xnode{kind: xUnary, op: "not", args: []*xnode{left}, loc: opTok.Location}
		}
	}
	if prec == 0 {
		left = p.parseConditional(left)
	}
	if p.err != nil {
		return nil
	}
	return left
}

// parseComparison reads a < b < c as (a < b) && (b < c), as expr does.
func (p *xparser) parseComparison(left *xnode, tok lexer.Token, prec int) *xnode {
	var root *xnode
	for {
		right := p.parseExpression(prec + 1)
		if p.err != nil {
			return nil
		}
		cmp := &xnode{kind: xBinary, op: tok.Value, args: []*xnode{left, right}, loc: tok.Location}
		if root == nil {
			root = cmp
		} else {
			root = &xnode{kind: xBinary, op: "&&", args: []*xnode{root, cmp}, loc: tok.Location}
		}
		left = right
		tok = p.cur
		if !(tok.Kind == lexer.Operator && isComparison(tok.Value)) {
			break
		}
		p.next()
	}
	return root
}

func (p *xparser) parseConditional(n *xnode) *xnode {
	for p.cur.Is(lexer.Operator, "?") && p.err == nil {
		loc := p.cur.Location
		p.next()
		if p.cur.Is(lexer.Operator, ":") {
			p.unsupported(p.cur.Location, "the operator \"?:\" without a middle operand")
			return nil
		}
		a := p.parseExpression(0)
		p.expect(lexer.Operator, ":")
		b := p.parseExpression(0)
		if p.err != nil {
			return nil
		}
		n = &xnode{kind: xCond, op: "?", args: []*xnode{n, a, b}, loc: loc}
	}
	return n
}

func (p *xparser) parsePrimary() *xnode {
	tok := p.cur
	if tok.Kind == lexer.Operator {
		if prec, ok := xunary[tok.Value]; ok {
			p.next()
			e := p.parseExpression(prec)
			if p.err != nil {
				return nil
			}
			return p.parsePostfix(&xnode{kind: xUnary, op: tok.Value, args: []*xnode{e}, loc: tok.Location})
		}
	}
	if tok.Is(lexer.Bracket, "(") {
		p.next()
		e := p.parseExpression(0)
		if p.cur.Is(lexer.Operator, ";") {
			p.unsupported(p.cur.Location, "\";\"")
			return nil
		}
		p.expect(lexer.Bracket, ")")
		return p.parsePostfix(e)
	}
	if tok.Is(lexer.Operator, "#", ".", "::") {
		p.unsupported(tok.Location, "\""+tok.Value+"\"")
		return nil
	}
	return p.parseSecondary()
}

func (p *xparser) parseSecondary() *xnode {
	tok := p.cur
	var n *xnode
	switch tok.Kind {
	case lexer.Identifier:
		p.next()
		switch tok.Value {
		case "true", "false":
			n = &xnode{kind: xBool, loc: tok.Location}
			if tok.Value == "true" {
				n.num = 1
			}
		case "nil":
			p.unsupported(tok.Location, "nil")
			return nil
		default:
			if p.cur.Is(lexer.Bracket, "(") {
				n = p.parseCall(tok)
			} else {
				n = &xnode{kind: xIdent, op: tok.Value, loc: tok.Location}
			}
		}
	case lexer.Number:
		p.next()
		return p.number(tok)
	case lexer.String:
		p.next()
		n = &xnode{kind: xString, str: tok.Value, loc: tok.Location}
	case lexer.Bytes:
		p.unsupported(tok.Location, "a bytes literal")
		return nil
	default:
		switch {
		case tok.Is(lexer.Bracket, "["):
			n = p.parseArray()
		case tok.Is(lexer.Bracket, "{"):
			p.unsupported(tok.Location, "a map literal")
			return nil
		default:
			p.errorf("unexpected token %v", tok)
			return nil
		}
	}
	if p.err != nil {
		return nil
	}
	return p.parsePostfix(n)
}

func (p *xparser) number(tok lexer.Token) *xnode {
	v := strings.ReplaceAll(tok.Value, "_", "")
	lower := strings.ToLower(v)
	switch {
	case strings.HasPrefix(lower, "0x"), strings.HasPrefix(lower, "0b"), strings.HasPrefix(lower, "0o"):
		i, err := strconv.ParseInt(v, 0, 64)
		if err != nil {
			p.errorAt(tok.Location, "invalid integer literal: %v", err)
			return nil
		}
		return &xnode{kind: xInt, num: int(i), loc: tok.Location}
	case strings.ContainsAny(lower, ".e"):
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f > math.MaxFloat64 {
			p.errorAt(tok.Location, "invalid float literal: %v", err)
			return nil
		}
		return &xnode{kind: xFloat, flt: f, loc: tok.Location}
	}
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil || int64(int(i)) != i {
		p.errorAt(tok.Location, "invalid integer literal: %v", err)
		return nil
	}
	return &xnode{kind: xInt, num: int(i), loc: tok.Location}
}

func (p *xparser) parseCall(name lexer.Token) *xnode {
	p.expect(lexer.Bracket, "(")
	return p.parseItems(&xnode{kind: xCall, op: name.Value, loc: name.Location}, ")")
}

// parseItems reads comma-separated expressions into n.args up to the
// closing bracket (a trailing comma is allowed, as in expr).
func (p *xparser) parseItems(n *xnode, closing string) *xnode {
	for !p.cur.Is(lexer.Bracket, closing) && p.err == nil {
		if len(n.args) > 0 {
			p.expect(lexer.Operator, ",")
			if p.cur.Is(lexer.Bracket, closing) {
				break
			}
		}
		n.args = append(n.args, p.parseExpression(0))
	}
	p.expect(lexer.Bracket, closing)
	if p.err != nil {
		return nil
	}
	return n
}

func (p *xparser) parseArray() *xnode {
	n := &xnode{kind: xArray, loc: p.cur.Location}
	p.expect(lexer.Bracket, "[")
	return p.parseItems(n, "]")
}

// parsePostfix rejects member access, indexing, slicing and pipes, which
// the subset leaves out.
func (p *xparser) parsePostfix(n *xnode) *xnode {
	if p.err != nil {
		return nil
	}
	switch {
	case p.cur.Is(lexer.Operator, ".", "?."):
		p.unsupported(p.cur.Location, "member access")
		return nil
	case p.cur.Is(lexer.Bracket, "["):
		p.unsupported(p.cur.Location, "indexing")
		return nil
	}
	return n
}

// Built-in variables and functions.
var xbuiltinVars = map[string]Type{AssessmentDate: vDate, AssessmentYear: vInt}

var xfuncs = map[string][]Type{"year_of": {vDate}, "years_between": {vDate, vDate}}

// checkErr is a type error at a place in the source.
type checkErr struct {
	loc file.Location
	msg string
}

// check sets the type of every node, or returns the first type error in
// expr's words.
func (e *Env) check(n *xnode) *checkErr {
	fail := func(format string, args ...any) *checkErr {
		return &checkErr{loc: n.loc, msg: fmt.Sprintf(format, args...)}
	}
	for _, a := range n.args {
		if err := e.check(a); err != nil {
			return err
		}
	}
	switch n.kind {
	case xBool:
		n.typ = vBool
	case xInt:
		n.typ = vInt
	case xFloat:
		n.typ = vFloat
	case xString:
		n.typ = vString
	case xIdent:
		if derived, err := e.substitute(n); derived || err != nil {
			return err
		}
		if q, ok := e.vars[n.op]; ok {
			n.q, n.typ = q, q.Type
		} else if t, ok := xbuiltinVars[n.op]; ok {
			n.typ = t
		} else {
			return fail("unknown name %s", n.op)
		}
	case xArray:
		if len(n.args) == 0 {
			return fail("an empty list is not supported by the engine's evaluator")
		}
		elem := n.args[0].typ
		for _, a := range n.args {
			if a.kind != xString && a.kind != xInt {
				return &checkErr{loc: a.loc, msg: "a list may hold only string or whole-number literals in the engine's evaluator"}
			}
			if a.typ != elem {
				return &checkErr{loc: a.loc, msg: "a list mixing " + elem.String() + " and " + a.typ.String() + " is not supported by the engine's evaluator"}
			}
		}
		if elem == vString {
			n.typ = vStrings
		} else {
			n.typ = vInts
		}
	case xUnary:
		t := n.args[0].typ
		switch {
		case (n.op == "!" || n.op == "not") && t == vBool:
			n.typ = vBool
		case (n.op == "-" || n.op == "+") && t.numeric():
			n.typ = t
		default:
			return fail("invalid operation: %s (mismatched type %s)", n.op, t)
		}
	case xBinary:
		l, r := n.args[0].typ, n.args[1].typ
		mismatch := func() *checkErr {
			return fail("invalid operation: %s (mismatched types %s and %s)", n.op, l, r)
		}
		switch n.op {
		case "&&", "||", "and", "or":
			if l != vBool || r != vBool {
				return mismatch()
			}
			n.typ = vBool
		case "==", "!=":
			if !(l == r && l != vStrings && l != vInts) && !(l.numeric() && r.numeric()) {
				return mismatch()
			}
			n.typ = vBool
		case "<", ">", "<=", ">=":
			if !(l.numeric() && r.numeric()) && !(l == r && (l == vString || l == vDate)) {
				return mismatch()
			}
			n.typ = vBool
		case "in":
			if !(l == vString && r == vStrings) && !(l.numeric() && r == vInts) {
				return mismatch()
			}
			n.typ = vBool
		case "+":
			switch {
			case l == vString && r == vString:
				n.typ = vString
			case l == vInt && r == vInt:
				n.typ = vInt
			case l.numeric() && r.numeric():
				n.typ = vFloat
			default:
				return mismatch()
			}
		case "-", "*":
			switch {
			case l == vInt && r == vInt:
				n.typ = vInt
			case l.numeric() && r.numeric():
				n.typ = vFloat
			default:
				return mismatch()
			}
		case "/", "**", "^":
			if !l.numeric() || !r.numeric() {
				return mismatch()
			}
			n.typ = vFloat
		case "%":
			if l != vInt || r != vInt {
				return mismatch()
			}
			n.typ = vInt
		default:
			return fail("the operator %q is not supported by the engine's evaluator", n.op)
		}
	case xCond:
		c, a, b := n.args[0].typ, n.args[1].typ, n.args[2].typ
		if c != vBool {
			return fail("non-bool expression (type %s) used as condition", c)
		}
		switch {
		case a == b:
			n.typ = a
		case a.numeric() && b.numeric():
			// expr leaves the type open and computes with whichever
			// branch runs; as a float the values are the same.
			n.typ = vFloat
		default:
			return fail("the two branches of ?: have different types (%s and %s), which the engine's evaluator does not support", a, b)
		}
	case xCall:
		params, ok := xfuncs[n.op]
		if !ok {
			if _, isQ := e.vars[n.op]; isQ {
				return fail("%s is not a function", n.op)
			}
			return fail("unknown func %s: the engine's evaluator offers year_of and years_between", n.op)
		}
		if len(n.args) < len(params) {
			return fail("not enough arguments to call %s", n.op)
		}
		if len(n.args) > len(params) {
			return fail("too many arguments to call %s", n.op)
		}
		for i, a := range n.args {
			if a.typ != params[i] {
				return &checkErr{loc: a.loc, msg: fmt.Sprintf("cannot use %s as argument (type %s) to call %s", a.typ, params[i], n.op)}
			}
		}
		n.typ = vInt
	}
	return nil
}
