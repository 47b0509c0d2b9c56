// Package webhook reads Meta's WhatsApp webhook deliveries: it checks their
// signature and flattens the nested payload into the inbound messages and
// delivery statuses the whatsapp module acts on. It never keeps the raw
// body, which holds phone numbers and message text.
//
// A delivery is signed with the Meta app secret: the X-Hub-Signature-256
// header is "sha256=" followed by the hex HMAC-SHA256 of the raw body.
package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// SignatureHeader is the header Meta signs deliveries in.
const SignatureHeader = "X-Hub-Signature-256"

// ValidSignature reports whether header is the signature of body under
// secret. The comparison takes the same time wherever the bytes differ. An
// empty secret never validates.
func ValidSignature(secret string, body []byte, header string) bool {
	hexSum, ok := strings.CutPrefix(header, "sha256=")
	if !ok || secret == "" {
		return false
	}
	got, err := hex.DecodeString(hexSum)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Hub-Signature-256 value of body under secret, as Meta
// computes it; tests and tools that replay deliveries use it.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// Message is one message a contact sent.
type Message struct {
	// PhoneNumberID is the business number it was sent to.
	PhoneNumberID string
	// From is the contact's number as Meta sends it: digits, no "+".
	From string
	// ID is Meta's message id ("wamid...").
	ID string
	// Type is Meta's message type: text, image, button, ...
	Type string
	// Text is the message text, the label of a tapped button, or a
	// placeholder such as "[image message]" for media Academy does not
	// store.
	Text        string
	ProfileName string
	Timestamp   time.Time
}

// Status is a delivery status of a message the business sent.
type Status struct {
	PhoneNumberID string
	// ID is Meta's id of the message the status is about.
	ID string
	// Status is sent, delivered, read or failed (or a newer value).
	Status string
	// Reason explains a failed status, from Meta's errors array.
	Reason string
	// CallbackData is the biz_opaque_callback_data the message was sent
	// with: Academy's outbox key.
	CallbackData string
	Timestamp    time.Time
}

// Batch is what one delivery carries.
type Batch struct {
	Messages []Message
	Statuses []Status
}

// payload is Meta's shape, reduced to the fields Academy reads.
type payload struct {
	Object string `json:"object"`
	Entry  []struct {
		Changes []struct {
			Field string `json:"field"`
			Value struct {
				Metadata struct {
					PhoneNumberID string `json:"phone_number_id"`
				} `json:"metadata"`
				Contacts []struct {
					WaID    string `json:"wa_id"`
					Profile struct {
						Name string `json:"name"`
					} `json:"profile"`
				} `json:"contacts"`
				Messages []struct {
					From      string `json:"from"`
					ID        string `json:"id"`
					Timestamp string `json:"timestamp"`
					Type      string `json:"type"`
					Text      struct {
						Body string `json:"body"`
					} `json:"text"`
					Button struct {
						Text string `json:"text"`
					} `json:"button"`
					Interactive struct {
						ButtonReply struct {
							Title string `json:"title"`
						} `json:"button_reply"`
						ListReply struct {
							Title string `json:"title"`
						} `json:"list_reply"`
					} `json:"interactive"`
				} `json:"messages"`
				Statuses []struct {
					ID           string `json:"id"`
					Status       string `json:"status"`
					Timestamp    string `json:"timestamp"`
					CallbackData string `json:"biz_opaque_callback_data"`
					Errors       []struct {
						Code      int    `json:"code"`
						Title     string `json:"title"`
						Message   string `json:"message"`
						ErrorData struct {
							Details string `json:"details"`
						} `json:"error_data"`
					} `json:"errors"`
				} `json:"statuses"`
			} `json:"value"`
		} `json:"changes"`
	} `json:"entry"`
}

// maxReasonLen bounds a failure reason kept from the payload.
const maxReasonLen = 1000

// Parse reads a delivery. Changes of fields other than "messages" are
// skipped. The error never quotes the body.
func Parse(body []byte) (Batch, error) {
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		return Batch{}, fmt.Errorf("webhook body is not a WhatsApp notification (invalid JSON)")
	}
	if p.Object != "whatsapp_business_account" {
		return Batch{}, fmt.Errorf("webhook object is %q, want whatsapp_business_account", truncate(p.Object, 50))
	}
	var b Batch
	for _, e := range p.Entry {
		for _, c := range e.Changes {
			if c.Field != "messages" {
				continue
			}
			v := c.Value
			names := map[string]string{}
			for _, ct := range v.Contacts {
				names[ct.WaID] = ct.Profile.Name
			}
			for _, m := range v.Messages {
				b.Messages = append(b.Messages, Message{
					PhoneNumberID: v.Metadata.PhoneNumberID, From: m.From, ID: m.ID, Type: m.Type,
					Text:        firstNonEmpty(m.Text.Body, m.Button.Text, m.Interactive.ButtonReply.Title, m.Interactive.ListReply.Title, "["+m.Type+" message]"),
					ProfileName: names[m.From], Timestamp: unixTime(m.Timestamp),
				})
			}
			for _, s := range v.Statuses {
				var reasons []string
				for _, e := range s.Errors {
					r := fmt.Sprintf("%d %s", e.Code, firstNonEmpty(e.Title, e.Message))
					if e.ErrorData.Details != "" {
						r += ": " + e.ErrorData.Details
					}
					reasons = append(reasons, r)
				}
				b.Statuses = append(b.Statuses, Status{
					PhoneNumberID: v.Metadata.PhoneNumberID, ID: s.ID, Status: s.Status,
					Reason: truncate(strings.Join(reasons, "; "), maxReasonLen), CallbackData: s.CallbackData,
					Timestamp: unixTime(s.Timestamp),
				})
			}
		}
	}
	return b, nil
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// unixTime reads Meta's timestamps, Unix seconds in a string; zero when
// absent or malformed.
func unixTime(s string) time.Time {
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil || sec <= 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
