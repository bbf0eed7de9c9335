package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"policycheck/api"
)

// API routes and the methods each allows.
var routes = map[string]string{
	"/api/catalogue":      http.MethodGet,
	"/api/questions":      http.MethodGet,
	"/api/health":         http.MethodGet,
	"/api/estimate":       http.MethodPost,
	"/api/estimate/batch": http.MethodPost,
}

func (h *handler) serveAPI(w http.ResponseWriter, r *http.Request) {
	method, ok := routes[r.URL.Path]
	if !ok {
		writeError(w, &api.Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such API route: " + api.Cut(r.URL.Path)})
		return
	}
	allow := method
	if method == http.MethodGet {
		allow = "GET, HEAD"
	}
	if h.cfg.AllowOrigin != "" {
		allow += ", OPTIONS"
		if origin := r.Header.Get("Origin"); origin == h.cfg.AllowOrigin {
			w.Header().Set("Access-Control-Allow-Origin", origin)
			w.Header().Set("Vary", "Origin")
			if r.Method == http.MethodOptions {
				w.Header().Set("Access-Control-Allow-Methods", allow)
				w.Header().Set("Access-Control-Allow-Headers", "Content-Type")
				w.Header().Set("Access-Control-Max-Age", "600")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
	}
	if r.Method != method && !(method == http.MethodGet && r.Method == http.MethodHead) {
		w.Header().Set("Allow", allow)
		writeError(w, &api.Error{Status: http.StatusMethodNotAllowed, Code: "method_not_allowed",
			Message: api.Cut(r.Method) + " is not allowed on " + r.URL.Path + "; use " + allow})
		return
	}
	svc := h.cfg.Service
	switch r.URL.Path {
	case "/api/catalogue":
		writeJSON(w, http.StatusOK, svc.CatalogueJSON())
	case "/api/questions":
		writeJSON(w, http.StatusOK, svc.QuestionsJSON())
	case "/api/health":
		writeJSON(w, http.StatusOK, svc.VersionJSON())
	case "/api/estimate":
		h.estimate(w, r)
	case "/api/estimate/batch":
		h.batch(w, r)
	}
}

// IsJSON says whether the Content-Type values of a request name JSON:
// exactly one value, which mime.ParseMediaType reads without error as
// application/json, with no charset or charset=utf-8. Both servers decide
// with it (the Worker after undoing its library's split of header values
// at commas), so they agree on every header.
func IsJSON(values []string) bool {
	if len(values) != 1 {
		return false
	}
	mt, params, err := mime.ParseMediaType(values[0])
	if err != nil || mt != "application/json" {
		return false
	}
	cs, ok := params["charset"]
	return !ok || strings.EqualFold(cs, "utf-8")
}

func (h *handler) estimate(w http.ResponseWriter, r *http.Request) {
	h.postJSON(w, r, h.cfg.Service.EstimateBody)
}

// postJSON serves a POST of JSON: one Content-Type application/json, a body
// within the cap (read but never logged), then answer turns it into the
// reply or an error.
func (h *handler) postJSON(w http.ResponseWriter, r *http.Request, answer func([]byte) ([]byte, *api.Error)) {
	if !IsJSON(r.Header.Values("Content-Type")) {
		writeError(w, &api.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "the request body must be JSON sent with one Content-Type: application/json (charset utf-8 or none)"})
		return
	}
	if r.ContentLength > h.cfg.MaxBody {
		writeError(w, tooLarge(h.cfg.MaxBody))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			writeError(w, tooLarge(h.cfg.MaxBody))
			return
		}
		writeError(w, &api.Error{Status: http.StatusBadRequest, Code: api.CodeBadRequest, Message: "cannot read the request body"})
		return
	}
	out, aerr := answer(body)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

func tooLarge(limit int64) *api.Error {
	return &api.Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large",
		Message: "the request body is larger than " + strconv.FormatInt(limit, 10) + " bytes"}
}
