// Package store is the whatsapp module's SQL. No other module may import it.
//
// Inserts that must happen once (a conversation per phone number, a message
// per provider message id) use ON CONFLICT DO NOTHING, which both SQLite and
// PostgreSQL understand, so that a concurrent duplicate waits and then
// inserts nothing instead of failing.
package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/academy/academy/internal/platform/db"
)

// ErrNotFound is returned when a row does not exist.
var ErrNotFound = errors.New("not found")

// ErrStale is returned by a guarded update whose row changed meanwhile.
var ErrStale = errors.New("row changed concurrently")

// Querier is satisfied by *sql.DB and *sql.Tx.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store runs the module's queries on a DB or a Tx.
type Store struct{}

func affected(res sql.Result, err error, what string) (int64, error) {
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return n, nil
}

// guarded runs an UPDATE that must touch exactly one row.
func guarded(ctx context.Context, q Querier, what, query string, args ...any) error {
	res, err := q.ExecContext(ctx, query, args...)
	n, err := affected(res, err, "update "+what)
	if err != nil {
		return err
	}
	if n != 1 {
		return fmt.Errorf("update %s: %w", what, ErrStale)
	}
	return nil
}

func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

func timeOf(n sql.NullTime) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return n.Time.UTC()
}

// Conversation is a whatsapp_conversations row.
type Conversation struct {
	ID            string
	PhoneNumber   string
	ProfileName   string
	AssignedTo    string // empty when unassigned
	AssignedAt    time.Time
	B2bLeadID     string // empty until a lead is made from it
	LeadCreatedBy string
	LeadCreatedAt time.Time
	LastInboundAt time.Time // zero when the contact never wrote
	CreatedAt     time.Time
}

const conversationColumns = `id, phone_number, profile_name, assigned_to, assigned_at, b2b_lead_id,
	lead_created_by, lead_created_at, last_inbound_at, created_at`

func scanConversation(row *sql.Row, what string) (Conversation, error) {
	var c Conversation
	var assignedTo, leadID, leadBy sql.NullString
	var assignedAt, leadAt, lastInboundAt sql.NullTime
	err := row.Scan(&c.ID, &c.PhoneNumber, &c.ProfileName, &assignedTo, &assignedAt, &leadID,
		&leadBy, &leadAt, &lastInboundAt, &c.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return Conversation{}, ErrNotFound
	}
	if err != nil {
		return Conversation{}, fmt.Errorf("read conversation %s: %w", what, err)
	}
	c.AssignedTo, c.AssignedAt = assignedTo.String, timeOf(assignedAt)
	c.B2bLeadID, c.LeadCreatedBy, c.LeadCreatedAt = leadID.String, leadBy.String, timeOf(leadAt)
	c.LastInboundAt, c.CreatedAt = timeOf(lastInboundAt), c.CreatedAt.UTC()
	return c, nil
}

// Conversation reads one conversation.
func (Store) Conversation(ctx context.Context, q Querier, id string) (Conversation, error) {
	return scanConversation(q.QueryRowContext(ctx, `SELECT `+conversationColumns+`
		FROM whatsapp_conversations WHERE id = $1`, id), id)
}

// ConversationByPhone reads the conversation of a phone number.
func (Store) ConversationByPhone(ctx context.Context, q Querier, phone string) (Conversation, error) {
	return scanConversation(q.QueryRowContext(ctx, `SELECT `+conversationColumns+`
		FROM whatsapp_conversations WHERE phone_number = $1`, phone), "of a phone number")
}

// InsertConversationIfAbsent writes c unless its phone number already has a
// conversation; created tells which happened. A zero LastInboundAt (a
// conversation opened by an outbound template) is stored as NULL.
func (Store) InsertConversationIfAbsent(ctx context.Context, q Querier, c Conversation) (created bool, err error) {
	res, err := q.ExecContext(ctx, `INSERT INTO whatsapp_conversations
		(id, phone_number, profile_name, last_inbound_at, created_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (phone_number) DO NOTHING`,
		c.ID, c.PhoneNumber, c.ProfileName, nullTime(c.LastInboundAt), c.CreatedAt.UTC())
	n, err := affected(res, err, "insert conversation")
	return n == 1, err
}

// RecordInbound moves the conversation's last inbound time forward to at
// (never back: a late webhook for an old message does not shorten the
// window) and refreshes the profile name when one is given.
func (Store) RecordInbound(ctx context.Context, q Querier, id string, at time.Time, profileName string) error {
	_, err := q.ExecContext(ctx, `UPDATE whatsapp_conversations
		SET last_inbound_at = CASE WHEN last_inbound_at IS NULL OR last_inbound_at < $2 THEN $2 ELSE last_inbound_at END,
		    profile_name = CASE WHEN $3 = '' THEN profile_name ELSE $3 END
		WHERE id = $1`, id, at.UTC(), profileName)
	if err != nil {
		return fmt.Errorf("update conversation %s: %w", id, err)
	}
	return nil
}

// Assign gives the conversation to assignee when it is still assigned to
// previous ("" for nobody); ErrStale otherwise.
func (Store) Assign(ctx context.Context, q Querier, id, previous, assignee string, at time.Time) error {
	return guarded(ctx, q, "conversation "+id, `UPDATE whatsapp_conversations
		SET assigned_to = $3, assigned_at = $4
		WHERE id = $1 AND COALESCE(assigned_to, '') = $2`, id, previous, assignee, at.UTC())
}

// LinkLead records the lead made from a conversation that has none yet;
// ErrStale otherwise.
func (Store) LinkLead(ctx context.Context, q Querier, id, leadID, by string, at time.Time) error {
	return guarded(ctx, q, "conversation "+id, `UPDATE whatsapp_conversations
		SET b2b_lead_id = $2, lead_created_by = $3, lead_created_at = $4
		WHERE id = $1 AND b2b_lead_id IS NULL`, id, leadID, by, at.UTC())
}

// Message is a whatsapp_messages row.
type Message struct {
	ID                string
	ConversationID    string
	Direction         string
	ProviderMessageID string // empty for outbound messages not sent yet
	Mode              string // outbound only
	Body              string
	TemplateName      string
	TemplateLanguage  string
	TemplateParams    []string
	Status            string
	StatusReason      string // why a send failed
	OutboxKey         string // outbound only: the key of the outbox message that delivers it
	SentBy            string // outbound only
	OccurredAt        time.Time
	CreatedAt         time.Time
}

// InsertMessageIfAbsent writes m unless a message with its provider id or
// its outbox key exists; created tells which happened. The conflict target
// is left out on purpose: either unique column means "already stored", and
// both SQLite and PostgreSQL then insert nothing.
func (Store) InsertMessageIfAbsent(ctx context.Context, q Querier, m Message) (created bool, err error) {
	params, err := json.Marshal(append([]string{}, m.TemplateParams...))
	if err != nil {
		return false, fmt.Errorf("insert message: %w", err)
	}
	res, err := q.ExecContext(ctx, `INSERT INTO whatsapp_messages
		(id, conversation_id, direction, provider_message_id, mode, body, template_name, template_language,
		 template_params, status, status_reason, outbox_key, sent_by, occurred_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT DO NOTHING`,
		m.ID, m.ConversationID, m.Direction, nullString(m.ProviderMessageID), m.Mode, m.Body, m.TemplateName,
		m.TemplateLanguage, string(params), m.Status, m.StatusReason, nullString(m.OutboxKey), m.SentBy,
		m.OccurredAt.UTC(), m.CreatedAt.UTC())
	n, err := affected(res, err, "insert message")
	return n == 1, err
}

const messageColumns = `id, conversation_id, direction, provider_message_id, mode, body, template_name,
	template_language, template_params, status, status_reason, outbox_key, sent_by, occurred_at, created_at`

type scanner = db.Scanner

func scanMessage(row scanner) (Message, error) {
	var m Message
	var providerID, outboxKey sql.NullString
	var params string
	err := row.Scan(&m.ID, &m.ConversationID, &m.Direction, &providerID, &m.Mode, &m.Body, &m.TemplateName,
		&m.TemplateLanguage, &params, &m.Status, &m.StatusReason, &outboxKey, &m.SentBy, &m.OccurredAt, &m.CreatedAt)
	if err != nil {
		return Message{}, err
	}
	if err := json.Unmarshal([]byte(params), &m.TemplateParams); err != nil {
		return Message{}, fmt.Errorf("template params of message %s: %w", m.ID, err)
	}
	if len(m.TemplateParams) == 0 {
		m.TemplateParams = nil
	}
	m.ProviderMessageID, m.OutboxKey = providerID.String, outboxKey.String
	m.OccurredAt, m.CreatedAt = m.OccurredAt.UTC(), m.CreatedAt.UTC()
	return m, nil
}

func oneMessage(row *sql.Row, what string) (Message, error) {
	m, err := scanMessage(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Message{}, ErrNotFound
	}
	if err != nil {
		return Message{}, fmt.Errorf("read message %s: %w", what, err)
	}
	return m, nil
}

// Message reads one message.
func (Store) Message(ctx context.Context, q Querier, id string) (Message, error) {
	return oneMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+` FROM whatsapp_messages WHERE id = $1`, id), id)
}

// MessageByProviderID reads the message with a provider message id.
func (Store) MessageByProviderID(ctx context.Context, q Querier, providerID string) (Message, error) {
	return oneMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+`
		FROM whatsapp_messages WHERE provider_message_id = $1`, providerID), "with provider id "+providerID)
}

// MessageByOutboxKey reads the outbound message delivered under an outbox key.
func (Store) MessageByOutboxKey(ctx context.Context, q Querier, key string) (Message, error) {
	return oneMessage(q.QueryRowContext(ctx, `SELECT `+messageColumns+`
		FROM whatsapp_messages WHERE outbox_key = $1`, key), "with outbox key "+key)
}

// SetMessageStatus moves a message from status from to status to, and
// stores its provider id when it has none yet; ErrStale when the status
// changed meanwhile.
func (Store) SetMessageStatus(ctx context.Context, q Querier, id, from, to, reason, providerID string) error {
	return guarded(ctx, q, "message "+id, `UPDATE whatsapp_messages
		SET status = $3, status_reason = $4,
		    provider_message_id = COALESCE(provider_message_id, $5)
		WHERE id = $1 AND status = $2`, id, from, to, reason, nullString(providerID))
}

// Messages lists a conversation's messages in the order they happened.
func (Store) Messages(ctx context.Context, q Querier, conversationID string) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+messageColumns+`
		FROM whatsapp_messages WHERE conversation_id = $1 ORDER BY occurred_at, id`, conversationID)
	if err != nil {
		return nil, fmt.Errorf("list messages of conversation %s: %w", conversationID, err)
	}
	out, err := db.Collect(rows, scanMessage)
	if err != nil {
		return nil, fmt.Errorf("list messages of conversation %s: %w", conversationID, err)
	}
	return out, nil
}
