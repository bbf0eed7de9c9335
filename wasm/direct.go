//go:build js && wasm

package main

import (
	"fmt"
	"unicode/utf8"
	"unsafe"

	"policycheck/api"
)

// The page's estimate as a direct WebAssembly export: the same estimateLive,
// with its arguments and its reply passed as bytes in the Go program's
// memory rather than as JavaScript values. A call through syscall/js wakes
// Go's event loop (the call is queued as an event, a goroutine takes it and
// the program pauses again when it returns), which costs far more than the
// estimate itself when the call comes after a frame of idle time; a direct
// export runs the function and returns. site/engine-core.js uses it when the
// module has it, and estimateLive otherwise; both reply the same bytes.
//
// The caller (one JavaScript thread, one call at a time):
//
//	p = policycheck_input(n)            // room for n bytes of arguments (nil if n is out of range)
//	write the date's UTF-8, then the answers JSON's, at p
//	n = policycheck_estimate_live(dateLen, answersLen, compare, since)
//	the reply is n bytes at policycheck_output(), valid until the next call
//
// These functions touch no JavaScript value, so they need no safejs; a
// panic is returned as an error reply, as every other export does.

// liveService is the service the direct export estimates with; nil until
// the catalogue is loaded.
var liveService *api.Service

// liveInput holds the arguments of the next policycheck_estimate_live call.
var liveInput []byte

// maxInput bounds policycheck_input: a date and answers JSON within their
// limits in UTF-16 code units take at most three bytes each in UTF-8, so the
// caller can encode into the buffer without measuring first.
const maxInput = 3 * (maxDate + maxAnswers)

// directInput returns room for n bytes of arguments, or nil when n is not
// between 1 and maxInput.
//
//go:wasmexport policycheck_input
func directInput(n int32) unsafe.Pointer {
	if n <= 0 || n > maxInput {
		return nil
	}
	if cap(liveInput) < int(n) {
		liveInput = make([]byte, n)
	}
	liveInput = liveInput[:n]
	return unsafe.Pointer(unsafe.SliceData(liveInput))
}

// directOutput returns where the last reply is.
//
//go:wasmexport policycheck_output
func directOutput() unsafe.Pointer {
	return unsafe.Pointer(unsafe.SliceData(liveBuf))
}

// directEstimateLive is estimateLive(answers, date, compare, since) on the
// date and answers written at policycheck_input (dateLen bytes, then
// answersLen); compare is 0 or 1. It returns the reply's length in bytes.
//
//go:wasmexport policycheck_estimate_live
func directEstimateLive(dateLen, answersLen, compare int32, since float64) int32 {
	reply := directLive(dateLen, answersLen, compare, since)
	if reply != "" { // an error: lent to the caller from liveBuf, as a report is
		liveBuf = append(liveBuf[:0], reply...)
	}
	return int32(len(liveBuf))
}

// directLive runs the estimate into liveBuf and returns "", or returns the
// error reply.
func directLive(dateLen, answersLen, compare int32, since float64) (failure string) {
	const fn = "estimateLive"
	defer func() {
		if r := recover(); r != nil {
			failure = panicReply(fn, r)
		}
	}()
	switch {
	case liveService == nil:
		return badCall(fn + ": the catalogue is not loaded yet")
	case dateLen < 0 || answersLen < 0 || int(dateLen)+int(answersLen) > len(liveInput):
		return badCall(fmt.Sprintf("%s: %d bytes of date and %d of answers do not fit the %d bytes given", fn, dateLen, answersLen, len(liveInput)))
	case answersLen > maxAnswers:
		return answersTooLarge(fn)
	case dateLen > maxDate:
		return dateTooLong(fn)
	case compare != 0 && compare != 1:
		return badCall(fmt.Sprintf("%s: compare must be 0 or 1, got %d", fn, compare))
	}
	n, failure := sinceArg(fn, since)
	if failure != "" {
		return failure
	}
	date, answers := liveInput[:dateLen], liveInput[dateLen:dateLen+answersLen]
	if !utf8.Valid(date) || !utf8.Valid(answers) {
		return badCall(fn + ": the date and answers must be UTF-8")
	}
	opt := api.EstimateOptions{Brief: true, Date: string(date), Compare: compare == 1, Session: &liveSession, Since: n}
	liveBuf = liveService.AppendEstimateLive(liveBuf[:0], answers, opt)
	return ""
}
