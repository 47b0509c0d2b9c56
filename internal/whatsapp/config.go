package whatsapp

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// DefaultAPIURL is the Graph API version Academy is written against.
const DefaultAPIURL = "https://graph.facebook.com/v21.0"

// Config is how Academy reaches the WhatsApp Cloud API and checks the
// webhooks it sends. Every field is optional: without PhoneNumberID and
// Token nothing is sent (see SendingConfigured), without AppSecret webhook
// deliveries are refused, and without VerifyToken the webhook cannot be
// subscribed.
type Config struct {
	// APIURL is the Graph API base URL, version included. Defaults to
	// DefaultAPIURL; tests point it at a local server.
	APIURL string
	// PhoneNumberID is the WhatsApp Business phone number id messages are
	// sent from (not the phone number itself). Webhook changes for other
	// numbers of the same business account are ignored.
	PhoneNumberID string
	// Token is the access token sent as a bearer token to the Graph API;
	// use a system user token, which does not expire.
	Token string
	// AppSecret is the Meta app secret that signs every webhook delivery
	// (X-Hub-Signature-256); it is the webhook's only authentication.
	AppSecret string
	// VerifyToken is the secret typed into Meta's webhook settings; Meta
	// sends it back when it subscribes GET /webhooks/whatsapp.
	VerifyToken string
}

// WithDefaults fills the zero fields that have defaults.
func (c Config) WithDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	return c
}

// SendingConfigured reports whether messages can be sent: both the phone
// number id and the token are set.
func (c Config) SendingConfigured() bool { return c.PhoneNumberID != "" && c.Token != "" }

// Validate checks a Config after WithDefaults. Its messages name the
// command-line flags.
func (c Config) Validate() error {
	var errs []error
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Errorf("whatsapp-api-url %q: want an http(s) URL such as %s", c.APIURL, DefaultAPIURL))
	}
	if (c.PhoneNumberID == "") != (c.Token == "") {
		errs = append(errs, errors.New("whatsapp-phone-number-id and whatsapp-token go together: set both to send WhatsApp messages, or neither"))
	}
	if strings.ContainsAny(c.PhoneNumberID, "/?#") || strings.TrimSpace(c.PhoneNumberID) != c.PhoneNumberID {
		errs = append(errs, errors.New("whatsapp-phone-number-id must be the numeric id Meta shows, not a URL or path"))
	}
	return errors.Join(errs...)
}
