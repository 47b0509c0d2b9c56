// Package outbox is the one way Academy sends anything a person sees: email
// and WhatsApp messages. Each message has a stable idempotency key derived
// from the business fact (e.g. "enrollment-confirmed:{id}:email"), so that
// queueing it twice keeps one message, and a send is never repeated
// automatically once the provider may have accepted it.
//
// A message moves queued -> sending -> sent | failed. A send job first
// claims the row (queued -> sending, committed), then calls the provider,
// then records the outcome. A row found still "sending" by a later attempt
// means a process died mid-send: it becomes "uncertain" and waits for an
// operator to resend or resolve it.
package outbox

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/eventbus"
)

// OwnedTables lists the tables only the outbox writes.
var OwnedTables = []string{"outbox_messages"}

// Channel is how a message reaches a person.
type Channel string

const (
	Email    Channel = "email"
	WhatsApp Channel = "whatsapp"
)

// State is where a message stands.
type State string

const (
	Queued    State = "queued"
	Sending   State = "sending"
	Sent      State = "sent"
	Failed    State = "failed"
	Uncertain State = "uncertain"
)

// States lists every state, for validating filters.
var States = []State{Queued, Sending, Sent, Failed, Uncertain}

// Message is one user-visible message.
type Message struct {
	ID string `json:"id"`
	// Key is the idempotency key: one message per key, ever.
	Key     string  `json:"key"`
	Channel Channel `json:"channel"`
	// To is an email address or an E.164 phone number.
	To      string `json:"to"`
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body,omitempty"`
	// Template fields are for WhatsApp template messages.
	TemplateName     string   `json:"templateName,omitempty"`
	TemplateLanguage string   `json:"templateLanguage,omitempty"`
	TemplateParams   []string `json:"templateParams,omitempty"`
	// SourceEventID is the domain event that caused the message.
	SourceEventID string `json:"sourceEventId,omitempty"`

	State             State      `json:"state"`
	Attempts          int        `json:"attempts"`
	LastError         string     `json:"lastError,omitempty"`
	ProviderMessageID string     `json:"providerMessageId,omitempty"`
	ProviderStatus    string     `json:"providerStatus,omitempty"`
	ResolvedBy        string     `json:"resolvedBy,omitempty"`
	SentAt            *time.Time `json:"sentAt,omitempty"`
	CreatedAt         time.Time  `json:"createdAt"`
	UpdatedAt         time.Time  `json:"updatedAt"`

	dispatch int
}

// Sender delivers messages of one channel to its provider. It returns the
// provider's message id. Errors are transient unless wrapped by Permanent.
// The message's Key is the idempotency key to pass to providers that take one.
type Sender interface {
	Send(ctx context.Context, m Message) (providerMessageID string, err error)
}

// Settler is an optional interface of a Sender: the outbox calls Settled
// when a message ends failed or uncertain without a send the provider
// accepted, so that the channel's own records can show it. It is best
// effort: Settled cannot change the outcome.
type Settler interface {
	Settled(ctx context.Context, m Message, state State, reason string)
}

// Config configures an Outbox.
type Config struct {
	DB    *sql.DB
	Bus   *eventbus.Bus
	Clock clock.Clock
	// Senders maps each channel to its provider. A message for a channel
	// without a sender waits, queued, and its send job retries.
	Senders map[Channel]Sender
	// SendTimeout bounds one provider call. Defaults to 30s.
	SendTimeout time.Duration
	// MaxAttempts bounds transient retries before a message is failed.
	// Defaults to 8.
	MaxAttempts int
	// Backoff is the wait after the given failed attempt. Defaults to
	// 2^attempt seconds, capped at 30 minutes.
	Backoff func(attempt int) time.Duration
	// afterSend, for crash tests only, runs between the provider call and
	// the recording of its outcome.
	afterSend func()
}

// Outbox queues and sends messages.
type Outbox struct {
	cfg Config
}

// New builds the outbox and registers its send job on the bus.
func New(cfg Config) (*Outbox, error) {
	if cfg.DB == nil || cfg.Bus == nil {
		return nil, errors.New("outbox: DB and Bus are required")
	}
	cfg.Clock = cmp.Or[clock.Clock](cfg.Clock, clock.System{})
	cfg.SendTimeout = cmp.Or(cfg.SendTimeout, 30*time.Second)
	cfg.MaxAttempts = cmp.Or(cfg.MaxAttempts, 8)
	if cfg.Backoff == nil {
		cfg.Backoff = func(attempt int) time.Duration {
			return min(time.Duration(1<<min(attempt, 20))*time.Second, 30*time.Minute)
		}
	}
	o := &Outbox{cfg: cfg}
	eventbus.RegisterJob(cfg.Bus, &sendWorker{o: o})
	return o, nil
}

// Enqueue queues m inside tx, the caller's transaction, and schedules its
// send for after commit. When a message with the same key exists, nothing
// changes and Enqueue returns the existing message's id with created false.
func (o *Outbox) Enqueue(ctx context.Context, tx *sql.Tx, m Message) (id string, created bool, err error) {
	if err := m.validate(); err != nil {
		return "", false, err
	}
	now := o.cfg.Clock.Now()
	if m.TemplateParams == nil {
		m.TemplateParams = []string{}
	}
	params, err := json.Marshal(m.TemplateParams)
	if err != nil {
		return "", false, fmt.Errorf("outbox: encode template params: %w", err)
	}
	id = uuid.NewString()
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox_messages
		(id, idempotency_key, channel, recipient, subject, body, template_name, template_language, template_params,
		 source_event_id, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
		ON CONFLICT (idempotency_key) DO NOTHING`,
		id, m.Key, string(m.Channel), m.To, m.Subject, m.Body, m.TemplateName, m.TemplateLanguage, string(params),
		m.SourceEventID, string(Queued), now)
	if err != nil {
		return "", false, fmt.Errorf("outbox: queue %s: %w", m.Key, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		if err != nil {
			return "", false, fmt.Errorf("outbox: queue %s: %w", m.Key, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM outbox_messages WHERE idempotency_key = $1`, m.Key).Scan(&id); err != nil {
			return "", false, fmt.Errorf("outbox: read existing %s: %w", m.Key, err)
		}
		return id, false, nil
	}
	if err := o.cfg.Bus.ScheduleTx(ctx, tx, sendArgs{MessageID: id, Dispatch: 1}, now); err != nil {
		return "", false, fmt.Errorf("outbox: schedule send of %s: %w", m.Key, err)
	}
	return id, true, nil
}

func (m Message) validate() error {
	var v apperr.Validation
	v.Require("key", m.Key)
	v.Require("to", m.To)
	switch m.Channel {
	case Email:
		v.Check(strings.Contains(m.To, "@"), "to", "must be an email address")
		v.Require("subject", m.Subject)
		v.Require("body", m.Body)
	case WhatsApp:
		v.Check(strings.HasPrefix(m.To, "+"), "to", "must be an E.164 phone number")
		v.Check(m.Body != "" || m.TemplateName != "", "body", "a WhatsApp message needs a body or a template name")
	default:
		v.Add("channel", "must be email or whatsapp")
	}
	return v.Err()
}

const messageColumns = `id, idempotency_key, channel, recipient, subject, body, template_name, template_language,
	template_params, source_event_id, state, attempts, dispatch, last_error, provider_message_id, provider_status,
	resolved_by, sent_at, created_at, updated_at`

func scanMessage(row db.Scanner) (Message, error) {
	var m Message
	var params string
	var sentAt sql.NullTime
	err := row.Scan(&m.ID, &m.Key, &m.Channel, &m.To, &m.Subject, &m.Body, &m.TemplateName, &m.TemplateLanguage,
		&params, &m.SourceEventID, &m.State, &m.Attempts, &m.dispatch, &m.LastError, &m.ProviderMessageID,
		&m.ProviderStatus, &m.ResolvedBy, &sentAt, &m.CreatedAt, &m.UpdatedAt)
	if err != nil {
		return Message{}, err
	}
	if err := json.Unmarshal([]byte(params), &m.TemplateParams); err != nil {
		return Message{}, fmt.Errorf("decode template params of %s: %w", m.ID, err)
	}
	if sentAt.Valid {
		t := sentAt.Time.UTC()
		m.SentAt = &t
	}
	m.CreatedAt, m.UpdatedAt = m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return m, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func get(ctx context.Context, q querier, id string) (Message, error) {
	m, err := scanMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM outbox_messages WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, apperr.Errorf(apperr.NotFound, "outbox message %s not found", id)
	}
	if err != nil {
		return Message{}, fmt.Errorf("outbox: read %s: %w", id, err)
	}
	return m, nil
}

// Get reads one message.
func (o *Outbox) Get(ctx context.Context, id string) (Message, error) { return get(ctx, o.cfg.DB, id) }

// Query filters List. Zero fields do not filter.
type Query struct {
	State         State
	Key           string
	SourceEventID string
	// Limit caps the result: 1 to 1000, default 100.
	Limit int
}

// List lists messages, newest first.
func (o *Outbox) List(ctx context.Context, q Query) ([]Message, error) {
	var where []string
	var args []any
	add := func(cond string, arg any) {
		args = append(args, arg)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if q.State != "" {
		if !validState(q.State) {
			return nil, apperr.Errorf(apperr.Invalid, "unknown outbox state %q (want one of %v)", q.State, States)
		}
		add("state = $%d", string(q.State))
	}
	if q.Key != "" {
		add("idempotency_key = $%d", q.Key)
	}
	if q.SourceEventID != "" {
		add("source_event_id = $%d", q.SourceEventID)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	query := `SELECT ` + messageColumns + ` FROM outbox_messages`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += fmt.Sprintf(` ORDER BY created_at DESC, id LIMIT %d`, min(limit, 1000))
	rows, err := o.cfg.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("outbox: list: %w", err)
	}
	out, err := db.Collect(rows, scanMessage)
	if err != nil {
		return nil, fmt.Errorf("outbox: list: %w", err)
	}
	return out, nil
}

func validState(s State) bool {
	for _, known := range States {
		if s == known {
			return true
		}
	}
	return false
}

// Resend queues an uncertain or failed message again, on an operator's
// decision: the person may get it twice if the first send did arrive.
func (o *Outbox) Resend(ctx context.Context, id, operator string) (Message, error) {
	err := db.InTx(ctx, o.cfg.DB, func(tx *sql.Tx) error {
		m, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.State != Uncertain && m.State != Failed {
			return apperr.Errorf(apperr.Conflict, "outbox message %s is %s; only uncertain or failed messages can be resent", id, m.State)
		}
		now := o.cfg.Clock.Now()
		// Guarded on the state and dispatch just read, so that two
		// operators resending at once, or a racing claim, cannot both win.
		res, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, dispatch = dispatch + 1,
			last_error = '', resolved_by = $2, updated_at = $3 WHERE id = $4 AND state = $5 AND dispatch = $6`,
			string(Queued), "resent by "+operator, now, id, string(m.State), m.dispatch)
		if err := changedOne(res, err, id); err != nil {
			return err
		}
		return o.cfg.Bus.ScheduleTx(ctx, tx, sendArgs{MessageID: id, Dispatch: m.dispatch + 1}, now)
	})
	if err != nil {
		return Message{}, err
	}
	return o.Get(ctx, id)
}

// Resolve marks an uncertain or failed message as done without sending it,
// for when an operator has checked that it arrived or is no longer needed.
func (o *Outbox) Resolve(ctx context.Context, id, operator string) (Message, error) {
	err := db.InTx(ctx, o.cfg.DB, func(tx *sql.Tx) error {
		m, err := get(ctx, tx, id)
		if err != nil {
			return err
		}
		if m.State != Uncertain && m.State != Failed {
			return apperr.Errorf(apperr.Conflict, "outbox message %s is %s; only uncertain or failed messages can be resolved", id, m.State)
		}
		res, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET state = $1, resolved_by = $2, updated_at = $3
			WHERE id = $4 AND state = $5 AND dispatch = $6`,
			string(Sent), "resolved by "+operator, o.cfg.Clock.Now(), id, string(m.State), m.dispatch)
		return changedOne(res, err, id)
	})
	if err != nil {
		return Message{}, err
	}
	return o.Get(ctx, id)
}

// changedOne checks that a guarded update changed the message; when it did
// not, another operator or attempt changed it first.
func changedOne(res sql.Result, err error, id string) error {
	if err != nil {
		return fmt.Errorf("outbox: update %s: %w", id, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("outbox: update %s: %w", id, err)
	}
	if n != 1 {
		return apperr.Errorf(apperr.Conflict, "outbox message %s changed meanwhile; look at it again", id)
	}
	return nil
}

// RecordProviderStatus stores a provider's status callback (sent, delivered,
// read, failed) on the message it sent. A failed status marks the message
// failed; others confirm it sent. Unknown provider ids are ignored: the
// callback may be about a message sent outside Academy.
func (o *Outbox) RecordProviderStatus(ctx context.Context, providerMessageID, status, reason string) error {
	now := o.cfg.Clock.Now()
	var err error
	if status == "failed" {
		_, err = o.cfg.DB.ExecContext(ctx, `UPDATE outbox_messages SET provider_status = $1, state = $2, last_error = $3,
			updated_at = $4 WHERE provider_message_id = $5`, status, string(Failed), reason, now, providerMessageID)
	} else {
		_, err = o.cfg.DB.ExecContext(ctx, `UPDATE outbox_messages SET provider_status = $1, updated_at = $2
			WHERE provider_message_id = $3`, status, now, providerMessageID)
	}
	if err != nil {
		return fmt.Errorf("outbox: record status %s of %s: %w", status, providerMessageID, err)
	}
	return nil
}
