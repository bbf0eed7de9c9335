package exprlang

import (
	"fmt"
)

// Derive defines name, declared among the Env's variables with Derived set,
// as the boolean expression src over the other variables (and the derived
// names defined before it): wherever an expression compiled afterwards
// reads name, the checker puts src's tree in its place. A derived fact
// therefore follows the three-valued logic of the expression that defines
// it, leaf by leaf: it is unknown only while an unanswered variable could
// still change it, and a condition that reads it waits on, and names as
// missing, the variables it is derived from, never the derived name.
//
// src is also compiled as a condition of its own (Condition(src)), so that
// its prebuilt form is written with the others.
func (e *Env) Derive(name, src string) error {
	if !e.derivable[name] {
		return fmt.Errorf("%s is not declared as a derived variable", name)
	}
	if e.derived[name] != nil {
		return fmt.Errorf("%s is derived twice", name)
	}
	n, ok, err := e.prebuilt(src, vBool)
	if !ok {
		e.defining = name
		n, err = e.parseChecked(src, vBool)
		e.defining = ""
	}
	if err != nil {
		return err
	}
	if _, err := e.Condition(src); err != nil {
		return err
	}
	e.derived[name] = n
	return nil
}

// IsDerived reports whether name is a derived variable.
func (e *Env) IsDerived(name string) bool { return e.derivable[name] }

// substitute puts the tree of the derived variable n names in n's place,
// copied, so that the callers' trees share no node; it reports whether n
// names a derived variable.
func (e *Env) substitute(n *xnode) (bool, *checkErr) {
	if !e.derivable[n.op] {
		return false, nil
	}
	tree := e.derived[n.op]
	if tree == nil {
		if e.defining != "" {
			return true, &checkErr{loc: n.loc, msg: fmt.Sprintf("%s reads %s, which is derived after it (define a derived fact before the ones that read it)", e.defining, n.op)}
		}
		return true, &checkErr{loc: n.loc, msg: fmt.Sprintf("%s is derived but not yet defined", n.op)}
	}
	*n = *clone(tree)
	return true, nil
}

func clone(n *xnode) *xnode {
	c := *n
	if n.args != nil {
		c.args = make([]*xnode, len(n.args))
		for i, a := range n.args {
			c.args[i] = clone(a)
		}
	}
	return &c
}
