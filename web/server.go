package web

import (
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"policycheck/api"
)

// Limits bound what one local server holds for its clients, so that slow,
// stalled or idle connections cost bounded memory: past a limit the server
// answers 503 at once instead of holding more.
type Limits struct {
	ReadHeaderTimeout time.Duration // to read a request's header
	ReadTimeout       time.Duration // to read a whole request, body included
	WriteTimeout      time.Duration // from the end of the header to the end of the response
	IdleTimeout       time.Duration // a keep-alive connection waiting for its next request
	MaxHeaderBytes    int           // header size; larger is 431
	MaxConns          int           // open connections; past it a new one gets 503 and is closed
	MaxRequests       int           // requests being handled; past it a request gets 503
}

// DefaultLimits are the local server's (cmd/serve). WriteTimeout leaves a
// minute for the largest file (the wasm, about 1 MB compressed) on a slow
// link.
var DefaultLimits = Limits{
	ReadHeaderTimeout: 5 * time.Second,
	ReadTimeout:       15 * time.Second,
	WriteTimeout:      60 * time.Second,
	IdleTimeout:       30 * time.Second,
	MaxHeaderBytes:    32 << 10, // as Cloudflare allows
	MaxConns:          256,
	MaxRequests:       64,
}

// Server returns an http.Server for h with the timeouts of lim, whose
// handler answers 503 (with Retry-After) while lim.MaxRequests requests are
// being handled. Serve it with Serve to limit connections too.
func Server(addr string, h http.Handler, lim Limits) *http.Server {
	if lim.MaxRequests > 0 {
		h = limitRequests(h, lim.MaxRequests)
	}
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
	}
}

// Serve serves srv on l with at most maxConns connections open at once
// (0: no limit); a connection past the limit is answered 503 and closed.
func Serve(srv *http.Server, l net.Listener, maxConns int) error {
	if maxConns > 0 {
		l = &limitListener{Listener: l, slots: make(chan struct{}, maxConns)}
	}
	return srv.Serve(l)
}

func limitRequests(h http.Handler, max int) http.Handler {
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
			h.ServeHTTP(w, r)
		default:
			unavailable(w, r)
		}
	})
}

// unavailable answers 503 in the form of the path: JSON under /api/, text
// for the page.
func unavailable(w http.ResponseWriter, r *http.Request) {
	for _, kv := range SecurityHeaders {
		w.Header().Set(kv[0], kv[1])
	}
	w.Header().Set("Retry-After", "1")
	w.Header().Set("Connection", "close")
	if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, &api.Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable,
			Message: "the server is busy; retry in a second"})
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	io.WriteString(w, busyText)
}

// CodeUnavailable is the error code of a 503.
const CodeUnavailable = "unavailable"

const busyText = "the server is busy; retry in a second\n"

// busyReply is what a connection past the limit gets before it is closed.
var busyReply = []byte("HTTP/1.1 503 Service Unavailable\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n" +
	"Retry-After: 1\r\n" +
	"Connection: close\r\n" +
	"Content-Length: " + strconv.Itoa(len(busyText)) + "\r\n\r\n" + busyText)

type limitListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &limitConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			go refuse(c)
		}
	}
}

// refuse answers 503 and closes the connection, within a second. It reads
// (and drops) what the client sends meanwhile, so that closing does not
// reset the connection before the client has read the answer.
func refuse(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write(busyReply); err != nil {
		return
	}
	if tc, ok := c.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	io.Copy(io.Discard, io.LimitReader(c, 1<<20))
}

type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
