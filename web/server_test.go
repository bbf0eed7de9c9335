package web_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"policycheck/web"
)

// serve starts a server with lim on a loopback port and returns its address.
func serve(t *testing.T, h http.Handler, lim web.Limits) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := web.Server("", h, lim)
	go web.Serve(srv, ln, lim.MaxConns)
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// roundTrip sends a raw request on a new connection and reads the status line.
func roundTrip(t *testing.T, addr, req string) string {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(3 * time.Second))
	io.WriteString(c, req)
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return "error: " + err.Error()
	}
	return strings.TrimSpace(line)
}

const get = "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"

func TestServerLimitsConnections(t *testing.T) {
	lim := web.DefaultLimits
	lim.MaxConns = 3
	addr := serve(t, handler(t, ""), lim)
	var held []net.Conn
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	time.Sleep(50 * time.Millisecond) // let the server accept them
	if got := roundTrip(t, addr, get); got != "HTTP/1.1 503 Service Unavailable" {
		t.Errorf("fourth connection: %q, want 503", got)
	}
	held[0].Close()
	deadline := time.Now().Add(2 * time.Second)
	for {
		got := roundTrip(t, addr, get)
		if got == "HTTP/1.1 200 OK" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a connection closed: %q, want 200", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, c := range held[1:] {
		c.Close()
	}
}

func TestServerLimitsRequests(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{}, 10)
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/slow" {
			entered <- struct{}{}
			<-release
		}
		w.Write([]byte("ok"))
	})
	lim := web.DefaultLimits
	lim.MaxRequests = 2
	addr := serve(t, slow, lim)
	done := make(chan string, 2)
	for i := 0; i < 2; i++ {
		go func() { done <- roundTrip(t, addr, "GET /api/slow HTTP/1.1\r\nHost: x\r\n\r\n") }()
		<-entered
	}
	tests := []struct{ path, status, ctype string }{
		{"/api/estimate", "HTTP/1.1 503 Service Unavailable", "application/json; charset=utf-8"},
		{"/", "HTTP/1.1 503 Service Unavailable", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		res, err := http.Get("http://" + addr + tt.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || res.Header.Get("Content-Type") != tt.ctype {
			t.Errorf("%s while 2 requests are held: %d %v %s", tt.path, res.StatusCode, res.Header, body)
		}
		if tt.ctype[:16] == "application/json" && !strings.Contains(string(body), `"code":"unavailable"`) {
			t.Errorf("%s: body %s", tt.path, body)
		}
	}
	close(release)
	for i := 0; i < 2; i++ {
		if got := <-done; got != "HTTP/1.1 200 OK" {
			t.Errorf("held request: %q", got)
		}
	}
	if got := roundTrip(t, addr, get); got != "HTTP/1.1 200 OK" {
		t.Errorf("after: %q", got)
	}
}

// TestServerTimeouts checks that a request stalled in its body and an idle
// keep-alive connection are dropped once their time is up.
func TestServerTimeouts(t *testing.T) {
	lim := web.DefaultLimits
	lim.ReadTimeout = 300 * time.Millisecond
	lim.ReadHeaderTimeout = 300 * time.Millisecond
	lim.IdleTimeout = 300 * time.Millisecond
	addr := serve(t, handler(t, ""), lim)
	tests := []struct{ name, send string }{
		{"stalled header", "POST /api/estimate HTTP/1.1\r\nHost: x\r\n"},
		{"stalled body", "POST /api/estimate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"answers\""},
		{"idle keep-alive", get},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			io.WriteString(c, tt.send)
			c.SetDeadline(time.Now().Add(5 * time.Second))
			// Read until the server closes the connection.
			_, err = io.Copy(io.Discard, c)
			if err != nil {
				t.Fatalf("the server did not close the connection: %v", err)
			}
			if d := time.Since(start); d > 3*time.Second {
				t.Errorf("closed after %v", d)
			}
		})
	}
}
