// Package cloudapi is a small client for sending messages with Meta's
// WhatsApp Cloud API (the Graph API's /{phone-number-id}/messages). It is
// the only code in Academy that calls the WhatsApp provider, and only
// whatsapp's listeners and jobs may call it (architecture-check rule
// provider-boundary): the outbox's send job reaches it through the sender
// in package jobs.
//
// Its errors are the outbox's: unreachable servers, 5xx, 429 and Meta's
// throttling codes are outbox.Transient (with the Retry-After the
// provider gave); any other 4xx is outbox.Permanent with Meta's message.
//
// The Graph API documents no idempotency key for sending messages. The
// client sends the outbox key as biz_opaque_callback_data, which Meta
// echoes in status webhooks, and deliberately NOT as an Idempotency-Key
// header: Meta would ignore it, and Go's http.Transport treats a POST
// carrying that header as idempotent and silently retries it after a
// broken connection, which could send the message twice. What prevents
// duplicates is the outbox: it claims a message before the call, and a
// call that may have reached Meta without an answer (anything but a
// refused connection or a failed DNS lookup) is outbox.Ambiguous, so the
// message becomes uncertain instead of being sent again.
package cloudapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/academy/academy/internal/platform/outbox"
)

// Config configures a Client.
type Config struct {
	// BaseURL is the Graph API URL with its version, such as
	// https://graph.facebook.com/v21.0.
	BaseURL string
	// PhoneNumberID is the business phone number id messages are sent from.
	PhoneNumberID string
	// Token is the bearer access token.
	Token string
	// HTTPClient defaults to a client with a 30s timeout; the caller's
	// context bounds each call as well.
	HTTPClient *http.Client
}

// Client sends WhatsApp messages.
type Client struct {
	cfg      Config
	endpoint string
}

// New checks cfg and returns a client.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" || cfg.PhoneNumberID == "" || cfg.Token == "" {
		return nil, errors.New("cloudapi: BaseURL, PhoneNumberID and Token are required")
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{cfg: cfg, endpoint: strings.TrimRight(cfg.BaseURL, "/") + "/" + cfg.PhoneNumberID + "/messages"}, nil
}

// Text is a free-text message.
type Text struct {
	// To is the recipient's number, E.164 with or without the "+".
	To   string
	Body string
}

// Template is a template message with body parameters {{1}}, {{2}}, ...
type Template struct {
	To       string
	Name     string
	Language string
	// BodyParams fill the template body's placeholders in order.
	BodyParams []string
}

// Options go with every send.
type Options struct {
	// Key is the outbox idempotency key of the message, sent as
	// biz_opaque_callback_data.
	Key string
}

// request is the Graph API's message body.
type request struct {
	MessagingProduct string        `json:"messaging_product"`
	RecipientType    string        `json:"recipient_type"`
	To               string        `json:"to"`
	Type             string        `json:"type"`
	Text             *textBody     `json:"text,omitempty"`
	Template         *templateBody `json:"template,omitempty"`
	// CallbackData comes back in the status webhooks of this message.
	CallbackData string `json:"biz_opaque_callback_data,omitempty"`
}

type textBody struct {
	PreviewURL bool   `json:"preview_url"`
	Body       string `json:"body"`
}

type templateBody struct {
	Name       string      `json:"name"`
	Language   language    `json:"language"`
	Components []component `json:"components,omitempty"`
}

type language struct {
	Code string `json:"code"`
}

type component struct {
	Type       string      `json:"type"`
	Parameters []parameter `json:"parameters"`
}

type parameter struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

// SendText sends a free-text message and returns Meta's message id.
func (c *Client) SendText(ctx context.Context, t Text, opts Options) (string, error) {
	return c.send(ctx, request{Type: "text", To: t.To, Text: &textBody{Body: t.Body}}, opts)
}

// SendTemplate sends a template message and returns Meta's message id.
func (c *Client) SendTemplate(ctx context.Context, t Template, opts Options) (string, error) {
	body := &templateBody{Name: t.Name, Language: language{Code: t.Language}}
	if len(t.BodyParams) > 0 {
		params := make([]parameter, len(t.BodyParams))
		for i, p := range t.BodyParams {
			params[i] = parameter{Type: "text", Text: p}
		}
		body.Components = []component{{Type: "body", Parameters: params}}
	}
	return c.send(ctx, request{Type: "template", To: t.To, Template: body}, opts)
}

// maxResponse bounds what is read of a response; Meta's are small.
const maxResponse = 64 << 10

func (c *Client) send(ctx context.Context, req request, opts Options) (string, error) {
	req.MessagingProduct, req.RecipientType = "whatsapp", "individual"
	req.To = strings.TrimPrefix(req.To, "+")
	req.CallbackData = opts.Key
	body, err := json.Marshal(req)
	if err != nil {
		return "", outbox.Permanent("encode WhatsApp message: " + err.Error())
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return "", outbox.Permanent("build WhatsApp request: " + err.Error())
	}
	httpReq.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	httpReq.Header.Set("Content-Type", "application/json")
	res, err := c.cfg.HTTPClient.Do(httpReq)
	if err != nil {
		return "", transportError(redact(err.Error(), c.cfg.Token), err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	if err != nil && res.StatusCode < 300 {
		return "", outbox.Permanent(fmt.Sprintf("WhatsApp Cloud API answered %d but its body could not be read (%v); "+
			"the message may have been sent: check before resending", res.StatusCode, err))
	}
	if res.StatusCode >= 300 {
		return "", classify(res, raw)
	}
	var ok struct {
		Messages []struct {
			ID string `json:"id"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(raw, &ok); err != nil || len(ok.Messages) == 0 || ok.Messages[0].ID == "" {
		return "", outbox.Permanent(fmt.Sprintf("WhatsApp Cloud API answered %d without a message id; "+
			"the message may have been sent: check before resending", res.StatusCode))
	}
	return ok.Messages[0].ID, nil
}

// graphError is the Graph API's error body.
type graphError struct {
	Error struct {
		Message      string `json:"message"`
		Type         string `json:"type"`
		Code         int    `json:"code"`
		ErrorSubcode int    `json:"error_subcode"`
		FBTraceID    string `json:"fbtrace_id"`
		ErrorData    struct {
			Details string `json:"details"`
		} `json:"error_data"`
	} `json:"error"`
}

// throttled are Graph API error codes that mean "slow down" or "try again
// later", whatever the HTTP status: 1 unknown, 2 service temporarily
// unavailable, 4 application rate limit, 80007 business account rate
// limit, 130429 throughput limit, 131016 service overloaded, 131056 pair
// rate limit (too many messages to one number).
var throttled = map[int]bool{1: true, 2: true, 4: true, 80007: true, 130429: true, 131016: true, 131056: true}

// classify turns a non-2xx answer into an outbox error.
func classify(res *http.Response, raw []byte) error {
	var ge graphError
	_ = json.Unmarshal(raw, &ge)
	e := ge.Error
	reason := fmt.Sprintf("WhatsApp Cloud API %d", res.StatusCode)
	if e.Code != 0 || e.Message != "" {
		reason += fmt.Sprintf(" (code %d", e.Code)
		if e.ErrorSubcode != 0 {
			reason += fmt.Sprintf(", subcode %d", e.ErrorSubcode)
		}
		reason += "): " + e.Message
		if e.ErrorData.Details != "" {
			reason += ": " + e.ErrorData.Details
		}
		if e.FBTraceID != "" {
			reason += " (fbtrace_id " + e.FBTraceID + ")"
		}
	} else {
		reason += ": " + http.StatusText(res.StatusCode)
	}
	if res.StatusCode >= 500 || res.StatusCode == http.StatusTooManyRequests ||
		res.StatusCode == http.StatusRequestTimeout || throttled[e.Code] {
		return outbox.Transient(reason, retryAfter(res.Header.Get("Retry-After")))
	}
	return outbox.Permanent(reason)
}

// retryAfter reads a Retry-After header: seconds, or an HTTP date.
func retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s > 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}

// redact keeps the token out of error text that ends up on the outbox row.
func redact(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(s, token, "[token]")
}

// transportError sorts a failed HTTP exchange. A refused connection or a
// failed DNS lookup never reached Meta, so it is retried. Anything later
// (a timeout waiting for the answer, a connection cut after the request
// was written) may have reached it: Meta may have accepted the message,
// and with no idempotency key to offer, a retry could send it twice. That
// outcome is ambiguous and goes to an operator instead.
func transportError(reason string, err error) error {
	var dnsErr *net.DNSError
	if opErr, ok := errors.AsType[*net.OpError](err); (ok && opErr.Op == "dial") || errors.As(err, &dnsErr) {
		return outbox.Transient("WhatsApp Cloud API unreachable: "+reason, 0)
	}
	return outbox.Ambiguous("no answer from the WhatsApp Cloud API after sending: " + reason)
}
