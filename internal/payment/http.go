package payment

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/web"
)

func (m *Module) handleStartDepositPayment(w http.ResponseWriter, r *http.Request) error {
	var in StartDepositPaymentInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	in.ActorUserID = p.Name
	out, err := m.StartDepositPayment(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, out)
}

func (m *Module) handleGetPayment(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetPayment(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

// receiptPart is the multipart/form-data part that carries the file.
const receiptPart = "file"

// handleUploadPaymentReceipt takes the receipt as multipart/form-data with
// the file in a part named "file".
func (m *Module) handleUploadPaymentReceipt(w http.ResponseWriter, r *http.Request) error {
	// Other parts and multipart framing get a small allowance on top of
	// the file itself.
	r.Body = http.MaxBytesReader(w, r.Body, m.maxReceipt+64<<10)
	file, err := readPart(r, receiptPart, m.maxReceipt)
	if err != nil {
		return err
	}
	p, _ := web.PrincipalFrom(r.Context())
	out, err := m.UploadPaymentReceipt(r.Context(), UploadPaymentReceiptInput{PaymentID: r.PathValue("id"), File: file, ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, out)
}

// readPart returns the named part of a multipart/form-data body, reading
// at most limit+1 bytes so that the Action can refuse a file that is too
// large by its own rule.
func readPart(r *http.Request, name string, limit int64) ([]byte, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, partError(name, "send the receipt as multipart/form-data with a part named %s", name)
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, partError(name, "is required")
		}
		if err != nil {
			return nil, uploadReadError(name, limit, err)
		}
		if part.FormName() != name {
			_ = part.Close()
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, limit+1))
		if err != nil {
			return nil, uploadReadError(name, limit, err)
		}
		return b, nil
	}
}

func uploadReadError(name string, limit int64, err error) error {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return partError(name, "must be at most %d bytes", limit)
	}
	return partError(name, "is not valid multipart/form-data")
}

func partError(field, format string, args ...any) error {
	var v apperr.Validation
	v.Add(field, format, args...)
	return v.Err()
}

func (m *Module) handleApproveDepositPayment(w http.ResponseWriter, r *http.Request) error {
	p, _ := web.PrincipalFrom(r.Context())
	out, err := m.ApproveDepositPayment(r.Context(), ApproveDepositPaymentInput{PaymentID: r.PathValue("id"), ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleCompleteBalancePayment(w http.ResponseWriter, r *http.Request) error {
	p, _ := web.PrincipalFrom(r.Context())
	out, err := m.CompleteBalancePayment(r.Context(), CompleteBalancePaymentInput{PaymentID: r.PathValue("id"), ActorUserID: p.Name})
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleGetPaymentReceipt(w http.ResponseWriter, r *http.Request) error {
	out, err := m.GetPaymentReceipt(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, out)
}

func (m *Module) handleGetPaymentReceiptFile(w http.ResponseWriter, r *http.Request) error {
	rec, b, err := m.GetPaymentReceiptFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", rec.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="receipt-%s%s"`, rec.ID, receiptExtensions[rec.ContentType]))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	// The status is sent; a failed write means the client went away.
	_, _ = w.Write(b)
	return nil
}
