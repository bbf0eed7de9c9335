package web

import "net/http"

// batch handles POST /api/estimate/batch (see api.Service.BatchBody): the
// same Content-Type check, body cap and error replies as /api/estimate.
func (h *handler) batch(w http.ResponseWriter, r *http.Request) {
	h.postJSON(w, r, h.cfg.Service.BatchBody)
}
