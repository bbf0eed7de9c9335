//go:build js && !perrequest

package main

import (
	"errors"
	"io"
	"syscall/js"
)

// rawJSBody is the part of syumai/workers' request body that gives the
// JavaScript ReadableStream behind it.
type rawJSBody interface {
	GetRawJSBody() js.Value
}

// jsBody reads a request body (a JavaScript ReadableStream) chunk by chunk,
// like the library's reader, but releases its callbacks: the library makes
// two js.Func per read and releases only the one that runs, which leaks
// about 1 KiB per request, harmless in a program that serves one request
// and fatal to one that serves an isolate's lifetime of them.
type jsBody struct {
	stream      js.Value
	reader      js.Value // ReadableStreamDefaultReader, once reading starts
	then, catch js.Func
	results     chan jsRead
	buf         []byte
	done        bool
	err         error
}

type jsRead struct {
	value js.Value
	err   error
}

func newJSBody(stream js.Value) *jsBody {
	b := &jsBody{stream: stream, results: make(chan jsRead, 1)}
	b.then = js.FuncOf(func(_ js.Value, args []js.Value) any {
		b.results <- jsRead{value: args[0]}
		return nil
	})
	b.catch = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "reading the request body failed"
		if len(args) > 0 {
			msg += ": " + args[0].Call("toString").String()
		}
		b.results <- jsRead{err: errors.New(msg)}
		return nil
	})
	return b
}

func (b *jsBody) Read(p []byte) (int, error) {
	for len(b.buf) == 0 {
		if b.err != nil {
			return 0, b.err
		}
		if b.done {
			return 0, io.EOF
		}
		if b.reader.IsUndefined() {
			b.reader = b.stream.Call("getReader")
		}
		b.reader.Call("read").Call("then", b.then, b.catch)
		r := <-b.results
		switch {
		case r.err != nil:
			b.err = r.err
		case r.value.Get("done").Bool():
			b.done = true
		default:
			chunk := r.value.Get("value")
			b.buf = make([]byte, chunk.Get("byteLength").Int())
			js.CopyBytesToGo(b.buf, chunk)
		}
	}
	n := copy(p, b.buf)
	b.buf = b.buf[n:]
	return n, nil
}

// Close stops reading (cancelling the rest of the stream) and releases the
// callbacks. No read is in flight: Read waits for its result.
func (b *jsBody) Close() error {
	if !b.reader.IsUndefined() && !b.done && b.err == nil {
		b.reader.Call("cancel")
	}
	b.done = true
	b.then.Release()
	b.catch.Release()
	return nil
}
