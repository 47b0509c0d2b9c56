package tracking

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

// handleRecordConversion answers 201 for a new conversion and 200 when the
// source event was already counted.
func (m *Module) handleRecordConversion(w http.ResponseWriter, r *http.Request) error {
	var in RecordConversionInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	out, err := m.RecordConversion(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if out.AlreadyRecorded {
		status = http.StatusOK
	}
	return web.JSON(w, status, out)
}

func (m *Module) handleGetConversion(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetConversion(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleListConversions(w http.ResponseWriter, r *http.Request) error {
	out, err := m.ListConversions(r.Context(), r.URL.Query().Get("subjectId"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, conversionList{Conversions: out})
}

// handleCompleteFunnelStep answers 201 for a newly completed step and 200
// when the user had completed it for the subject before.
func (m *Module) handleCompleteFunnelStep(w http.ResponseWriter, r *http.Request) error {
	var in CompleteFunnelStepInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	out, err := m.CompleteFunnelStep(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if out.AlreadyCompleted {
		status = http.StatusOK
	}
	return web.JSON(w, status, out)
}

func (m *Module) handleGetFunnelStep(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetFunnelStep(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleListFunnelSteps(w http.ResponseWriter, r *http.Request) error {
	out, err := m.ListFunnelSteps(r.Context(), r.URL.Query().Get("userId"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, funnelStepList{FunnelSteps: out})
}

// conversionList is the answer of GET /api/tracking/conversions.
type conversionList struct {
	Conversions []Conversion `json:"conversions"`
}

// funnelStepList is the answer of GET /api/tracking/funnel-steps.
type funnelStepList struct {
	FunnelSteps []CompletedStep `json:"funnelSteps"`
}
