package main

import (
	"net/http"
	"strings"
)

// rejoinHeader undoes what syumai/workers does to request headers when it
// converts a JavaScript Request (jshttp.ToHeader): it splits every value at
// each comma into separate values, so that "application/json, text/plain"
// arrives as two Content-Type values and Header.Get sees only the first,
// and a comma inside a quoted parameter cuts the parameter in two. Joining
// the pieces with "," restores the value exactly as the runtime's Headers
// object held it (which joins repeated header lines with ", "), so the
// handler reads the same header the local server would (web.IsJSON).
func rejoinHeader(h http.Header) {
	for k, v := range h {
		if len(v) > 1 {
			h[k] = []string{strings.Join(v, ",")}
		}
	}
}
