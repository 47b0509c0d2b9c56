package tracking

import "net/http"

type Module struct{}

func (m *Module) RecordVisit(path string) error { return nil }
func (m *Module) CountVisits() int              { return 0 }

// handlePixel is tracking's own endpoint: it may call tracking Actions.
func (m *Module) handlePixel(w http.ResponseWriter, r *http.Request) {
	_ = m.RecordVisit(r.URL.Path)
}
