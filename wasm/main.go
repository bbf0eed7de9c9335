//go:build js && wasm

// Command wasm is the engine compiled to WebAssembly for the page. It loads
// the catalogue the build compiled (rules/compiled) once, then exposes one global object,
// policycheck, whose functions take and return JSON strings:
//
//	policycheck.version()                          -> {"catalogue", "catalogue_date", "build", "go", "rules"}
//	policycheck.catalogue()                        -> the catalogue
//	policycheck.questions()                        -> the questionnaire
//	policycheck.estimate(answersJSON, date, compare) -> the report, or {"error": {...}}
//
// The page holds the catalogue, so estimate returns brief reports: results
// without titles, citations and condition labels (see engine.Options.Brief).
//
// No function throws or stops the Go program: a panic or a bad call is
// returned as {"error": {...}}. Every touch of JavaScript goes through safejs.
package main

import (
	"fmt"

	"github.com/hack-pad/safejs"

	"policycheck/api"
	"policycheck/engine"
	"policycheck/rules/compiled"
)

// build is set at link time (-ldflags "-X main.build=...").
var build = "dev"

func main() {
	global := safejs.Global()
	ns, err := newObject()
	if err != nil {
		fatal(global, "cannot create the policycheck object: "+err.Error())
		return
	}
	cat, err := loadCatalogue()
	if err != nil {
		fatal(global, err.Error())
		return
	}
	svc := api.New(cat, build)
	exports := map[string]func(args []safejs.Value) string{
		"version":   func([]safejs.Value) string { return string(svc.VersionJSON()) },
		"catalogue": func([]safejs.Value) string { return string(svc.CatalogueJSON()) },
		"questions": func([]safejs.Value) string { return string(svc.QuestionsJSON()) },
		"estimate":  func(args []safejs.Value) string { return estimate(svc, args) },
	}
	for name, fn := range exports {
		f, err := safejs.FuncOf(guard(name, fn))
		if err != nil {
			fatal(global, "cannot export "+name+": "+err.Error())
			return
		}
		if err := ns.Set(name, f.Value()); err != nil {
			fatal(global, "cannot export "+name+": "+err.Error())
			return
		}
	}
	if err := global.Set("policycheck", ns); err != nil {
		return
	}
	notifyReady(global, nil)
	select {} // keep the exported functions alive
}

// loadCatalogue loads the catalogue the build compiled (rules/compiled):
// checked at build time, so the page starts without checking it again.
func loadCatalogue() (*engine.Catalogue, error) {
	data, err := compiled.Catalogue()
	if err != nil {
		return nil, err
	}
	return engine.LoadCompiled(data)
}

func newObject() (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Object")
	if err != nil {
		return safejs.Value{}, err
	}
	return ctor.New()
}

// guard turns a panic into an error value so that a bad call never kills
// the Go program.
func guard(name string, fn func(args []safejs.Value) string) func(safejs.Value, []safejs.Value) any {
	return func(_ safejs.Value, args []safejs.Value) (out any) {
		defer func() {
			if r := recover(); r != nil {
				out = string((&api.Error{Code: "panic", Message: fmt.Sprintf("%s: %v", name, r)}).JSON())
			}
		}()
		return fn(args)
	}
}

func badCall(msg string) string {
	return string((&api.Error{Code: "bad_call", Message: msg}).JSON())
}

// estimate(answersJSON string, date string = "", compare bool = false)
func estimate(svc *api.Service, args []safejs.Value) string {
	if len(args) < 1 || len(args) > 3 {
		return badCall(fmt.Sprintf("estimate(answersJSON, date?, compare?) takes 1 to 3 arguments, got %d", len(args)))
	}
	if t := args[0].Type(); t != safejs.TypeString {
		return badCall("estimate: answersJSON must be a string (JSON.stringify the answers), got " + t.String())
	}
	answers, err := args[0].String()
	if err != nil {
		return badCall("estimate: answersJSON: " + err.Error())
	}
	date := ""
	if len(args) > 1 && !args[1].IsUndefined() && !args[1].IsNull() {
		if t := args[1].Type(); t != safejs.TypeString {
			return badCall("estimate: date must be a string YYYY-MM-DD, got " + t.String())
		}
		if date, err = args[1].String(); err != nil {
			return badCall("estimate: date: " + err.Error())
		}
	}
	compare := false
	if len(args) > 2 && !args[2].IsUndefined() {
		if t := args[2].Type(); t != safejs.TypeBoolean {
			return badCall("estimate: compare must be a boolean, got " + t.String())
		}
		if compare, err = args[2].Bool(); err != nil {
			return badCall("estimate: compare: " + err.Error())
		}
	}
	report, aerr := svc.Estimate([]byte(answers), api.EstimateOptions{Date: date, Compare: compare, Brief: true})
	if aerr != nil {
		return string(aerr.JSON())
	}
	return string(report)
}

// notifyReady calls globalThis.__policycheckReady(error) if the page set it.
func notifyReady(global safejs.Value, failure *string) {
	cb, err := global.Get("__policycheckReady")
	if err != nil || cb.Type() != safejs.TypeFunction {
		return
	}
	if failure != nil {
		_, _ = cb.Invoke(*failure)
	} else {
		_, _ = cb.Invoke()
	}
}

func fatal(global safejs.Value, msg string) {
	notifyReady(global, &msg)
}
