//go:build !js

package exprlang

import (
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/checker"
	"github.com/expr-lang/expr/conf"
)

// exprChecker type-checks expressions with expr itself, so that native
// builds (the command-line tool's lint, the tests, the build) report expr's
// own messages and reject anything expr would. The WebAssembly build leaves
// it out (see exprcheck_js.go): expr's checker alone would add about 0.3 MB
// of compressed code, and the catalogue it runs was checked here at build time.
//
// The configurations are built once per catalogue: expr.Compile would build
// one per expression, and describing the environment costs time in
// proportion to the number of questions, which made loading quadratic.
type exprChecker struct {
	asBool, asFloat *conf.Config
}

func newExprChecker(vars []Var) *exprChecker {
	types := map[string]any{}
	for _, v := range vars {
		types[v.Name] = ZeroOf(v.Type)
	}
	types[AssessmentDate] = time.Time{}
	types[AssessmentYear] = 0
	mk := func(expect expr.Option) *conf.Config {
		c := conf.CreateNew()
		for _, op := range []expr.Option{
			expr.Env(types),
			expr.Function("year_of", func(p ...any) (any, error) {
				return p[0].(time.Time).Year(), nil
			}, new(func(time.Time) int)),
			expr.Function("years_between", func(p ...any) (any, error) {
				return YearsBetween(p[0].(time.Time), p[1].(time.Time)), nil
			}, new(func(time.Time, time.Time) int)),
			expect,
		} {
			op(c)
		}
		c.Check()
		return c
	}
	return &exprChecker{asBool: mk(expr.AsBool()), asFloat: mk(expr.AsFloat64())}
}

// validate parses and type-checks src as a condition, or as a number.
func (x *exprChecker) validate(src string, number bool) error {
	c := x.asBool
	if number {
		c = x.asFloat
	}
	_, err := checker.ParseCheck(src, c)
	return err
}
