package outbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wneessen/go-mail"
)

// SMTPConfig configures the SMTP email sender.
type SMTPConfig struct {
	// Host and Port of the SMTP server.
	Host string
	Port int
	// Username and Password authenticate with PLAIN auth when Username is set.
	Username string
	Password string
	// From is the sender address.
	From string
	// TLS is "none", "opportunistic" (STARTTLS when offered) or "mandatory".
	TLS string
}

// SMTPSender sends email through an SMTP server with go-mail.
type SMTPSender struct {
	cfg SMTPConfig
}

// NewSMTPSender validates cfg and returns a sender.
func NewSMTPSender(cfg SMTPConfig) (*SMTPSender, error) {
	if cfg.Host == "" || cfg.Port <= 0 || cfg.From == "" {
		return nil, errors.New("smtp: host, port and from are required")
	}
	if _, err := tlsPolicy(cfg.TLS); err != nil {
		return nil, err
	}
	return &SMTPSender{cfg: cfg}, nil
}

func tlsPolicy(s string) (mail.TLSPolicy, error) {
	switch s {
	case "", "opportunistic":
		return mail.TLSOpportunistic, nil
	case "none":
		return mail.NoTLS, nil
	case "mandatory":
		return mail.TLSMandatory, nil
	}
	return 0, fmt.Errorf("smtp: tls %q: want none, opportunistic or mandatory", s)
}

// messageID derives the Message-ID from the idempotency key, so that a
// receiving server can recognise a resend of the same message.
func messageID(m Message) string {
	return strings.NewReplacer(":", ".", "/", ".", " ", "").Replace(m.Key) + "@academy"
}

func (s *SMTPSender) build(m Message) (*mail.Msg, error) {
	msg := mail.NewMsg()
	if err := msg.From(s.cfg.From); err != nil {
		return nil, Permanent("bad sender address: " + err.Error())
	}
	if err := msg.To(m.To); err != nil {
		return nil, Permanent("bad recipient address: " + err.Error())
	}
	msg.Subject(m.Subject)
	msg.SetMessageIDWithValue(messageID(m))
	msg.SetBodyString(mail.TypeTextPlain, m.Body)
	return msg, nil
}

// Send delivers m. SMTP 4xx replies and network errors are transient; 5xx
// replies are permanent.
func (s *SMTPSender) Send(ctx context.Context, m Message) (string, error) {
	msg, err := s.build(m)
	if err != nil {
		return "", err
	}
	policy, _ := tlsPolicy(s.cfg.TLS)
	opts := []mail.Option{mail.WithPort(s.cfg.Port), mail.WithTLSPortPolicy(policy)}
	if s.cfg.Username != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.cfg.Username), mail.WithPassword(s.cfg.Password))
	}
	client, err := mail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return "", Permanent("smtp client: " + err.Error())
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return "", classifySMTP(err)
	}
	return messageID(m), nil
}

// classifySMTP sorts an SMTP failure: a 5xx reply is permanent and a 4xx
// reply transient; losing the connection after the message's final dot was
// sent is ambiguous, since the server may have queued it; anything before
// (dialling, greeting, envelope, content) never delivered it, so it is
// transient.
func classifySMTP(err error) error {
	var sendErr *mail.SendError
	if !errors.As(err, &sendErr) {
		return Transient(err.Error(), 0)
	}
	switch code := sendErr.ErrorCode(); {
	case code >= 500:
		return Permanent(err.Error())
	case code >= 400:
		return Transient(err.Error(), 0)
	case sendErr.Reason == mail.ErrSMTPDataClose:
		return Ambiguous(err.Error())
	}
	return Transient(err.Error(), 0)
}

// FileSender writes each email as an .eml file in a folder instead of
// sending it: the default on a fresh install, so that nothing leaves the
// machine but every message still goes through the outbox.
type FileSender struct {
	Dir  string
	From string
}

// Send writes m to Dir/<message id>.eml.
func (f FileSender) Send(_ context.Context, m Message) (string, error) {
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		return "", Transient("create mail folder: "+err.Error(), 0)
	}
	sender := &SMTPSender{cfg: SMTPConfig{From: f.From}}
	msg, err := sender.build(m)
	if err != nil {
		return "", err
	}
	id := messageID(m)
	if err := msg.WriteToFile(filepath.Join(f.Dir, id+".eml")); err != nil {
		return "", Transient("write mail file: "+err.Error(), 0)
	}
	return id, nil
}
