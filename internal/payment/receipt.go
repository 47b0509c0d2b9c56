package payment

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/academy/academy/internal/payment/internal/store"
)

// Receipt is the read model of an uploaded receipt. Where the file is
// stored is the module's business and is never shown.
type Receipt struct {
	ID          string    `json:"id"`
	PaymentID   string    `json:"paymentId"`
	ContentType string    `json:"contentType"`
	SizeBytes   int64     `json:"sizeBytes"`
	SHA256      string    `json:"sha256"`
	UploadedBy  string    `json:"uploadedBy"`
	UploadedAt  time.Time `json:"uploadedAt"`
}

func receiptFromRow(r store.Receipt) Receipt {
	return Receipt{
		ID: r.ID, PaymentID: r.PaymentID, ContentType: r.ContentType, SizeBytes: r.SizeBytes,
		SHA256: r.SHA256, UploadedBy: r.UploadedBy, UploadedAt: r.UploadedAt.UTC(),
	}
}

// receiptExtensions maps the accepted receipt types, as sniffed from the
// bytes (never as claimed by the client), to a file extension.
var receiptExtensions = map[string]string{
	"application/pdf": ".pdf",
	"image/png":       ".png",
	"image/jpeg":      ".jpg",
}

// sniffReceiptType returns the content type of a receipt file and whether
// it is one Academy accepts.
func sniffReceiptType(content []byte) (string, bool) {
	ct := http.DetectContentType(content)
	_, ok := receiptExtensions[ct]
	return ct, ok
}

// receiptFiles keeps receipt files in one folder under generated names.
type receiptFiles struct {
	dir string
}

// put writes content as name. It writes a temporary file in the same
// folder, syncs it and renames it into place, so that a crash or a full
// disk leaves at most a ".upload-*" temporary file, never a half-written
// receipt under a real name.
func (f receiptFiles) put(name string, content []byte) (err error) {
	if err := os.MkdirAll(f.dir, 0o750); err != nil {
		return fmt.Errorf("receipts folder: %w", err)
	}
	tmp, err := os.CreateTemp(f.dir, ".upload-*")
	if err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(content); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	if err := os.Rename(tmp.Name(), f.path(name)); err != nil {
		return fmt.Errorf("write receipt: %w", err)
	}
	return nil
}

// remove deletes a receipt file whose upload was rolled back.
func (f receiptFiles) remove(name string) error {
	if err := os.Remove(f.path(name)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove receipt file of a rolled-back upload: %w", err)
	}
	return nil
}

func (f receiptFiles) read(name string) ([]byte, error) {
	b, err := os.ReadFile(f.path(name))
	if err != nil {
		return nil, fmt.Errorf("read receipt file: %w", err)
	}
	return b, nil
}

// path joins a stored name, which the module generated itself, to the
// folder; Base guards against a name that would leave it.
func (f receiptFiles) path(name string) string {
	return filepath.Join(f.dir, filepath.Base(name))
}
