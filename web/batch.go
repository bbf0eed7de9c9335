package web

import (
	"errors"
	"io"
	"net/http"

	"policycheck/api"
)

// batch handles POST /api/estimate/batch (see api.Service.BatchBody): the
// same Content-Type check, body cap and error replies as /api/estimate.
func (h *handler) batch(w http.ResponseWriter, r *http.Request) {
	if !IsJSON(r.Header.Values("Content-Type")) {
		writeError(w, &api.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Message: "the request body must be JSON sent with one Content-Type: application/json (charset utf-8 or none)"})
		return
	}
	if r.ContentLength > h.cfg.MaxBody {
		writeError(w, tooLarge(h.cfg.MaxBody))
		return
	}
	// The body is read but never logged.
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
	out, aerr := h.cfg.Service.BatchBody(body)
	if aerr != nil {
		writeError(w, aerr)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
