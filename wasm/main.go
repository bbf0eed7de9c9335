//go:build js && wasm

// Command wasm is the engine compiled to WebAssembly for the page. It loads
// the catalogue the build compiled (rules/compiled) once, then exposes one global object,
// policycheck, whose functions take and return JSON strings:
//
//	policycheck.version()                          -> {"catalogue", "catalogue_date", "build", "go", "rules"}
//	policycheck.catalogue()                        -> the catalogue
//	policycheck.questions()                        -> the questionnaire
//	policycheck.estimate(answersJSON, date, compare) -> the report, or {"error": {...}}
//	policycheck.estimateLive(answersJSON, date, compare, since) -> what was left out, a newline, the report (unchanged parts null)
//
// The page holds the catalogue, so estimate returns brief reports: results
// without titles, citations and condition labels (see engine.Options.Brief).
//
// No function throws or stops the Go program: a panic or a bad call is
// returned as {"error": {...}}. Every touch of JavaScript goes through safejs.
package main

import (
	"fmt"
	"runtime/debug"
	"unsafe"

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
	svc := api.New(cat, build).WithChanges(compiled.ChangesJSON())
	liveService = svc
	exports := map[string]func(args []safejs.Value) string{
		"version":      func([]safejs.Value) string { return string(svc.VersionJSON()) },
		"catalogue":    func([]safejs.Value) string { return string(svc.CatalogueJSON()) },
		"questions":    func([]safejs.Value) string { return string(svc.QuestionsJSON()) },
		"estimate":     func(args []safejs.Value) string { return estimate(svc, args) },
		"estimateLive": func(args []safejs.Value) string { return estimateLive(svc, args) },
	}
	addBatchExports(exports, cat)
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

// loadCatalogue loads the catalogue the build compiled (rules/compiled, Go
// values in the program's data): checked at build time, so the page starts
// without decoding or checking it again.
//
// The garbage collector is off while it loads: under js/wasm a cycle
// started then only advances as the program allocates, with a write barrier
// on every pointer write, and the start-up heap is small (a few MB).
func loadCatalogue() (*engine.Catalogue, error) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	return compiled.Load()
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
				out = panicReply(name, r)
			}
		}()
		return fn(args)
	}
}

// panicReply is the error reply of an export that panicked with r.
func panicReply(name string, r any) string {
	return string((&api.Error{Code: "panic", Message: fmt.Sprintf("%s: %v", name, r)}).JSON())
}

func badCall(msg string) string {
	return string((&api.Error{Code: "bad_call", Message: msg}).JSON())
}

// maxAnswers caps the answers JSON as the HTTP API caps a body (64 KiB).
const maxAnswers = 64 << 10

// maxDate caps the date argument (YYYY-MM-DD is 10 characters).
const maxDate = 64

// typeOf returns the JavaScript type of v and its name for a message. A
// BigInt, which syscall/js cannot name (it panics), is reported as such.
func typeOf(v safejs.Value) (t safejs.Type, name string) {
	defer func() {
		if recover() != nil {
			t, name = -1, "a BigInt"
		}
	}()
	t = v.Type()
	switch t {
	case safejs.TypeUndefined:
		return t, "undefined"
	case safejs.TypeNull:
		return t, "null"
	case safejs.TypeBoolean:
		return t, "a boolean"
	case safejs.TypeNumber:
		return t, "a number"
	case safejs.TypeString:
		return t, "a string"
	case safejs.TypeSymbol:
		return t, "a symbol"
	case safejs.TypeFunction:
		return t, "a function"
	}
	return t, "an object"
}

// stringArg reads a string argument of at most max bytes in UTF-8. The
// length is checked in JavaScript first (UTF-16 code units, each at least a
// byte), so that an oversized string is refused before it is copied into
// the Go program's memory. A non-empty failure is the JSON error to return;
// tooLarge writes the one for a string over max (only then: an error's JSON
// is written by reflection, slow on the first call).
func stringArg(v safejs.Value, fn, what, want string, max int, tooLarge func() string) (s, failure string) {
	if t, name := typeOf(v); t != safejs.TypeString {
		return "", badCall(fn + ": " + what + " must be " + want + ", got " + name)
	}
	n, err := jsLength(v)
	if err != nil {
		return "", badCall(fn + ": " + what + ": " + err.Error())
	}
	if n > max {
		return "", tooLarge()
	}
	if s, err = v.String(); err != nil {
		return "", badCall(fn + ": " + what + ": " + err.Error())
	}
	if len(s) > max {
		return "", tooLarge()
	}
	return s, ""
}

// jsLength returns the length of a JavaScript string (Object(s).length:
// syscall/js reads properties of objects only).
func jsLength(v safejs.Value) (int, error) {
	ctor, err := safejs.Global().Get("Object")
	if err != nil {
		return 0, err
	}
	obj, err := ctor.Invoke(v)
	if err != nil {
		return 0, err
	}
	n, err := obj.Get("length")
	if err != nil {
		return 0, err
	}
	return n.Int()
}

// estimate(answersJSON string, date string = "", compare bool = false)
//
// Every argument that is not as documented, whatever its JavaScript type
// (BigInt and symbol included), is a bad_call; answers JSON over 64 KiB is
// too_large, refused before it is copied into Go.
func estimate(svc *api.Service, args []safejs.Value) string {
	answers, opt, failure := estimateArgs("estimate", args)
	if failure != "" {
		return failure
	}
	report, aerr := svc.Estimate([]byte(answers), opt)
	if aerr != nil {
		return string(aerr.JSON())
	}
	return string(report)
}

// estimateLive(answersJSON string, date string = "", compare bool = false,
// since number = 0): the page's estimate (api.Service.EstimateLive): a first
// line of JSON saying which answers were left out and why, and the report's
// generation and since, a newline, then the report. Its first three
// arguments are estimate's; since is the generation of the last report the
// caller holds (0: none), whose unchanged results are then written as null.
func estimateLive(svc *api.Service, args []safejs.Value) string {
	const fn = "estimateLive"
	var since uint64
	if len(args) > 4 {
		return badCall(fmt.Sprintf("%s(answersJSON, date?, compare?, since?) takes 1 to 4 arguments, got %d", fn, len(args)))
	}
	if len(args) == 4 {
		switch t, name := typeOf(args[3]); t {
		case safejs.TypeUndefined:
		case safejs.TypeNumber:
			f, err := args[3].Float()
			if err != nil {
				return badCall(fn + ": since: " + err.Error())
			}
			var failure string
			if since, failure = sinceArg(fn, f); failure != "" {
				return failure
			}
		default:
			return badCall(fn + ": since must be a number, got " + name)
		}
		args = args[:3]
	}
	answers, opt, failure := estimateArgs(fn, args)
	if failure != "" {
		return failure
	}
	opt.Session, opt.Since = &liveSession, since
	liveBuf = svc.AppendEstimateLive(liveBuf[:0], []byte(answers), opt)
	// The reply is copied into a JavaScript string as this call returns
	// (syscall/js decodes it from the Go program's memory at once), so the
	// buffer can be lent rather than copied into a Go string first, and
	// written over by the next estimate.
	return unsafe.String(unsafe.SliceData(liveBuf), len(liveBuf))
}

// sinceArg checks estimateLive's since (a report's generation); a
// non-empty failure is the JSON error to return.
func sinceArg(fn string, f float64) (uint64, string) {
	if f < 0 || f > 1<<53 || f != float64(uint64(f)) {
		return 0, badCall(fmt.Sprintf("%s: since must be a report's generation (a whole number, 0 for none), got %v", fn, f))
	}
	return uint64(f), ""
}

// liveBuf is estimateLive's reply, kept from one estimate to the next: a
// report of about 70 kB allocated per estimate, twice (the bytes, then a
// string of them), kept the garbage collector busy on the page.
var liveBuf []byte

// liveSession is the page's: the results of the last report estimateLive
// returned, to leave out of the next those that have not changed.
var liveSession api.LiveSession

// estimateArgs reads the arguments of estimate and estimateLive (named fn
// in messages); a non-empty failure is the JSON error to return.
func estimateArgs(fn string, args []safejs.Value) (answers string, opt api.EstimateOptions, failure string) {
	opt.Brief = true
	if len(args) < 1 || len(args) > 3 {
		return "", opt, badCall(fmt.Sprintf("%s(answersJSON, date?, compare?) takes 1 to 3 arguments, got %d", fn, len(args)))
	}
	tooLarge := func() string { return answersTooLarge(fn) }
	answers, failure = stringArg(args[0], fn, "answersJSON", "a string (JSON.stringify the answers)", maxAnswers, tooLarge)
	if failure != "" {
		return "", opt, failure
	}
	if len(args) > 1 {
		if t, _ := typeOf(args[1]); t != safejs.TypeUndefined && t != safejs.TypeNull {
			badDate := func() string { return dateTooLong(fn) }
			if opt.Date, failure = stringArg(args[1], fn, "date", "a string YYYY-MM-DD", maxDate, badDate); failure != "" {
				return "", opt, failure
			}
		}
	}
	if len(args) > 2 {
		switch t, name := typeOf(args[2]); t {
		case safejs.TypeUndefined:
		case safejs.TypeBoolean:
			var err error
			if opt.Compare, err = args[2].Bool(); err != nil {
				return "", opt, badCall(fn + ": compare: " + err.Error())
			}
		default:
			return "", opt, badCall(fn + ": compare must be a boolean, got " + name)
		}
	}
	return answers, opt, ""
}

// answersTooLarge is the error for answers JSON over maxAnswers bytes.
func answersTooLarge(fn string) string {
	return string((&api.Error{Code: "too_large", Message: fmt.Sprintf("%s: answersJSON is larger than %d bytes", fn, maxAnswers)}).JSON())
}

// dateTooLong is the error for a date string over maxDate bytes.
func dateTooLong(fn string) string {
	return badCall(fmt.Sprintf("%s: date must be a string YYYY-MM-DD, got a string longer than %d characters", fn, maxDate))
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
