package corporate

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

// actor is the user id Actions record: the authenticated principal.
func actor(r *http.Request) string {
	p, _ := web.PrincipalFrom(r.Context())
	return p.Name
}

// decodeOptional decodes a JSON body when one was sent; endpoints whose
// fields are all optional accept an empty body.
func decodeOptional(r *http.Request, dst any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return web.Decode(r, dst)
}

func (m *Module) handleCreateB2bLead(w http.ResponseWriter, r *http.Request) error {
	var in CreateB2bLeadInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	lead, err := m.CreateB2bLead(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, lead)
}

func (m *Module) handleGetLead(w http.ResponseWriter, r *http.Request) error {
	lead, err := m.GetLead(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, lead)
}

func (m *Module) handleConvertB2bLead(w http.ResponseWriter, r *http.Request) error {
	var in ConvertB2bLeadInput
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	in.LeadID, in.ActorUserID = r.PathValue("id"), actor(r)
	c, err := m.ConvertB2bLeadToOrganization(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, c)
}

func (m *Module) handleGetOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := m.GetOrganization(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, o)
}

func (m *Module) handleSendProposal(w http.ResponseWriter, r *http.Request) error {
	var in SendProposalInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	p, err := m.SendProposal(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, p)
}

func (m *Module) handleGetProposal(w http.ResponseWriter, r *http.Request) error {
	p, err := m.GetProposal(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, p)
}

func (m *Module) handleAcceptProposal(w http.ResponseWriter, r *http.Request) error {
	var in AcceptProposalInput
	if err := decodeOptional(r, &in); err != nil {
		return err
	}
	in.ProposalID, in.ActorUserID = r.PathValue("id"), actor(r)
	p, err := m.AcceptProposal(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, p)
}

func (m *Module) handleActivateAgreement(w http.ResponseWriter, r *http.Request) error {
	var in ActivateAgreementInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	a, err := m.ActivateAgreement(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, a)
}

func (m *Module) handleGetAgreement(w http.ResponseWriter, r *http.Request) error {
	a, err := m.GetAgreement(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, a)
}

func (m *Module) handleStartCorporateCohort(w http.ResponseWriter, r *http.Request) error {
	var in StartCorporateCohortInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	c, err := m.StartCorporateCohort(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, c)
}

func (m *Module) handleGetCohort(w http.ResponseWriter, r *http.Request) error {
	c, err := m.GetCohort(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, c)
}

func (m *Module) handleGenerateCorporateReport(w http.ResponseWriter, r *http.Request) error {
	var in GenerateCorporateReportInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	rep, err := m.GenerateCorporateReport(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, rep)
}

func (m *Module) handleGetReport(w http.ResponseWriter, r *http.Request) error {
	rep, err := m.GetReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, rep)
}

func (m *Module) handleIssueCorporateInvoice(w http.ResponseWriter, r *http.Request) error {
	var in IssueCorporateInvoiceInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	inv, err := m.IssueCorporateInvoice(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, inv)
}

func (m *Module) handleGetInvoice(w http.ResponseWriter, r *http.Request) error {
	inv, err := m.GetInvoice(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, inv)
}

func (m *Module) handleAllocateCorporatePayment(w http.ResponseWriter, r *http.Request) error {
	var in AllocateCorporatePaymentInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.InvoiceID, in.ActorUserID = r.PathValue("id"), actor(r)
	a, err := m.AllocateCorporatePayment(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, a)
}

func (m *Module) handleListPaymentAllocations(w http.ResponseWriter, r *http.Request) error {
	as, err := m.ListPaymentAllocations(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, allocationList{Allocations: as})
}

// allocationList is the answer of GET /api/corporate/invoices/{id}/payments.
type allocationList struct {
	Allocations []PaymentAllocation `json:"allocations"`
}
