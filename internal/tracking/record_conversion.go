package tracking

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/tracking/events"
	"github.com/academy/academy/internal/tracking/internal/store"
)

// RecordConversionInput is the input of RecordConversion.
type RecordConversionInput struct {
	Kind ConversionKind `json:"kind"`
	// SubjectID is what converted: the enrollment, deposit, webinar
	// registration or B2B lead id.
	SubjectID string `json:"subjectId"`
	// SourceEventID is the domain event the conversion is derived from
	// (a listener passes d.Envelope.EventID).
	SourceEventID string `json:"sourceEventId"`
	// ValueAmount is in minor units of ValueCurrency; leave both empty for
	// a conversion without value.
	ValueAmount   int64  `json:"valueAmount"`
	ValueCurrency string `json:"valueCurrency"`
}

// maxIDLength bounds ids that come from outside, so that a caller cannot
// store arbitrary text in them.
const maxIDLength = 200

func checkID(v *apperr.Validation, field, id string, required bool) {
	if required {
		v.Require(field, id)
	}
	v.Check(len(id) <= maxIDLength, field, "must be at most %d characters", maxIDLength)
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

func (in RecordConversionInput) validate() error {
	var v apperr.Validation
	v.Check(in.Kind.Valid(), "kind", "must be one of %v", ConversionKinds)
	checkID(&v, "subjectId", in.SubjectID, true)
	checkID(&v, "sourceEventId", in.SourceEventID, true)
	v.Check(in.ValueAmount >= 0, "valueAmount", "must not be negative")
	switch {
	case in.ValueCurrency != "":
		v.Check(validCurrency(in.ValueCurrency), "valueCurrency", "must be an ISO 4217 code such as EUR")
	case in.ValueAmount != 0:
		v.Add("valueCurrency", "is required when valueAmount is set")
	}
	return v.Err()
}

// RecordConversionResult says what RecordConversion did.
type RecordConversionResult struct {
	Conversion Conversion `json:"conversion"`
	// AlreadyRecorded is true when a conversion of this kind was recorded
	// for the source event before; this call recorded nothing.
	AlreadyRecorded bool `json:"alreadyRecorded"`
}

// RecordConversion counts a conversion and records ConversionTracked, once
// per kind and source event: a repeat returns the existing conversion with
// AlreadyRecorded set and records nothing.
func (m *Module) RecordConversion(ctx context.Context, in RecordConversionInput) (RecordConversionResult, error) {
	return db.InTxValue(ctx, m.db, func(tx *sql.Tx) (RecordConversionResult, error) {
		return m.RecordConversionTx(ctx, tx, in)
	})
}

// RecordConversionTx is RecordConversion inside the caller's transaction,
// for listeners.
func (m *Module) RecordConversionTx(ctx context.Context, tx *sql.Tx, in RecordConversionInput) (RecordConversionResult, error) {
	if err := in.validate(); err != nil {
		return RecordConversionResult{}, err
	}
	now := m.clock.Now()
	row := store.Conversion{
		ID:            uuid.NewString(),
		Kind:          string(in.Kind),
		SubjectID:     in.SubjectID,
		SourceEventID: in.SourceEventID,
		ValueAmount:   in.ValueAmount,
		ValueCurrency: in.ValueCurrency,
		OccurredAt:    now,
	}
	inserted, err := m.store.InsertConversion(ctx, tx, row)
	if err != nil {
		return RecordConversionResult{}, fmt.Errorf("record conversion: %w", err)
	}
	if !inserted {
		prev, err := m.store.ConversionBySource(ctx, tx, row.Kind, row.SourceEventID)
		if err != nil {
			return RecordConversionResult{}, fmt.Errorf("record conversion: %w", err)
		}
		return RecordConversionResult{Conversion: conversionFromRow(prev), AlreadyRecorded: true}, nil
	}
	err = m.bus.Record(ctx, tx, events.ConversionTracked{
		ConversionID:  events.ConversionID(row.ID),
		Kind:          events.ConversionKind(row.Kind),
		SubjectID:     events.SubjectID(row.SubjectID),
		SourceEventID: events.SourceEventID(row.SourceEventID),
		ValueAmount:   row.ValueAmount,
		ValueCurrency: row.ValueCurrency,
		OccurredAt:    now,
	})
	if err != nil {
		return RecordConversionResult{}, fmt.Errorf("record conversion: %w", err)
	}
	return RecordConversionResult{Conversion: conversionFromRow(row)}, nil
}

// GetConversion reads one conversion.
func (m *Module) GetConversion(ctx context.Context, id string) (Conversion, error) {
	row, err := m.store.Conversion(ctx, m.db, id)
	if errors.Is(err, store.ErrNotFound) {
		return Conversion{}, apperr.Errorf(apperr.NotFound, "conversion %s not found", id)
	}
	if err != nil {
		return Conversion{}, err
	}
	return conversionFromRow(row), nil
}

// ListConversions lists the conversions of a subject, oldest first.
func (m *Module) ListConversions(ctx context.Context, subjectID string) ([]Conversion, error) {
	var v apperr.Validation
	checkID(&v, "subjectId", subjectID, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	rows, err := m.store.ConversionsBySubject(ctx, m.db, subjectID)
	if err != nil {
		return nil, err
	}
	out := make([]Conversion, len(rows))
	for i, r := range rows {
		out[i] = conversionFromRow(r)
	}
	return out, nil
}
