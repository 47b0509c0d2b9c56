package tracking_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/tracking"
	"github.com/academy/academy/internal/tracking/events"
)

var t0 = time.Date(2030, 1, 6, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db    *db.DB
	bus   *eventbus.Bus
	clock *clock.Manual
	m     *tracking.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	clk := clock.NewManual(t0)
	bus := eventbustest.New(t, eventbus.Config{DB: d, Clock: clk})
	m, err := tracking.New(tracking.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)
	return &bundle{db: d, bus: bus, clock: clk, m: m}
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRow(`SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func TestRecordConversion(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		in := tracking.RecordConversionInput{
			Kind: tracking.KindDepositApproved, SubjectID: "deposit-1", SourceEventID: "event-1",
			ValueAmount: 25_000, ValueCurrency: "EUR",
		}

		res, err := b.m.RecordConversion(ctx, in)
		require.NoError(t, err)
		require.False(t, res.AlreadyRecorded)
		c := res.Conversion
		ev := eventbustest.RequireRecorded[events.ConversionTracked](t, b.bus)
		ev.OccurredAt = ev.OccurredAt.UTC()
		require.Equal(t, events.ConversionTracked{
			ConversionID: events.ConversionID(c.ID), Kind: "deposit_approved", SubjectID: "deposit-1",
			SourceEventID: "event-1", ValueAmount: 25_000, ValueCurrency: "EUR", OccurredAt: t0,
		}, ev)
		got, err := b.m.GetConversion(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, got)

		// The same kind and source event: the first conversion, nothing new.
		b.clock.Advance(time.Minute)
		again := in
		again.ValueAmount = 1
		res, err = b.m.RecordConversion(ctx, again)
		require.NoError(t, err)
		require.True(t, res.AlreadyRecorded)
		require.Equal(t, c, res.Conversion)
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 1)

		// Another kind from the same source event is another conversion,
		// and a conversion may have no value.
		res, err = b.m.RecordConversion(ctx, tracking.RecordConversionInput{
			Kind: tracking.KindEnrollmentConfirmed, SubjectID: "deposit-1", SourceEventID: "event-1",
		})
		require.NoError(t, err)
		require.False(t, res.AlreadyRecorded)
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 2)

		list, err := b.m.ListConversions(ctx, "deposit-1")
		require.NoError(t, err)
		require.Len(t, list, 2)
		require.Equal(t, c, list[0])
		list, err = b.m.ListConversions(ctx, "other")
		require.NoError(t, err)
		require.Empty(t, list)

		_, err = b.m.GetConversion(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
	})
}

func TestRecordConversionRejectsBadInput(t *testing.T) {
	t.Parallel()
	good := tracking.RecordConversionInput{Kind: tracking.KindWebinarAttended, SubjectID: "reg-1", SourceEventID: "event-1", ValueAmount: 100, ValueCurrency: "EUR"}
	tests := []struct {
		name  string
		edit  func(*tracking.RecordConversionInput)
		field string
	}{
		{"unknown kind", func(in *tracking.RecordConversionInput) { in.Kind = "signup" }, "kind"},
		{"no subject", func(in *tracking.RecordConversionInput) { in.SubjectID = "" }, "subjectId"},
		{"no source event", func(in *tracking.RecordConversionInput) { in.SourceEventID = "" }, "sourceEventId"},
		{"negative value", func(in *tracking.RecordConversionInput) { in.ValueAmount = -1 }, "valueAmount"},
		{"value without currency", func(in *tracking.RecordConversionInput) { in.ValueCurrency = "" }, "valueCurrency"},
		{"bad currency", func(in *tracking.RecordConversionInput) { in.ValueCurrency = "eur" }, "valueCurrency"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := good
			tt.edit(&in)
			_, err := b.m.RecordConversion(context.Background(), in)
			apperrtest.RequireInvalid(t, err, tt.field)
		}
		_, err := b.m.ListConversions(context.Background(), "")
		apperrtest.RequireInvalid(t, err, "subjectId")
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "tracking_conversions"))
	})
}

// TestRecordConversionTxRollsBackWithTheCaller shows the listener use: the
// conversion commits or rolls back with the caller's transaction.
func TestRecordConversionTxRollsBackWithTheCaller(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		in := tracking.RecordConversionInput{Kind: tracking.KindB2BLeadConverted, SubjectID: "lead-1", SourceEventID: "event-9"}
		boom := errors.New("listener failed later")
		err := db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			if _, err := b.m.RecordConversionTx(ctx, tx, in); err != nil {
				return err
			}
			return boom
		})
		require.ErrorIs(t, err, boom)
		eventbustest.RequireTotal(t, b.bus, 0)
		require.Zero(t, b.count(t, "tracking_conversions"))

		// The retried delivery records it.
		err = db.InTx(ctx, d.DB, func(tx *sql.Tx) error {
			_, err := b.m.RecordConversionTx(ctx, tx, in)
			return err
		})
		require.NoError(t, err)
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 1)
	})
}

func TestCompleteFunnelStep(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		in := tracking.CompleteFunnelStepInput{UserID: "user-1", Step: tracking.StepEnrolled, SubjectID: "course-session-1", SourceEventID: "event-1"}

		res, err := b.m.CompleteFunnelStep(ctx, in)
		require.NoError(t, err)
		require.False(t, res.AlreadyCompleted)
		s := res.Step
		ev := eventbustest.RequireRecorded[events.FunnelStepCompleted](t, b.bus)
		ev.OccurredAt = ev.OccurredAt.UTC()
		require.Equal(t, events.FunnelStepCompleted{
			FunnelStepID: events.FunnelStepID(s.ID), UserID: "user-1", Step: "enrolled",
			SubjectID: "course-session-1", SourceEventID: "event-1", OccurredAt: t0,
		}, ev)
		got, err := b.m.GetFunnelStep(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, s, got)

		// The same user, step and subject from another source event: nothing new.
		again := in
		again.SourceEventID = "event-2"
		res, err = b.m.CompleteFunnelStep(ctx, again)
		require.NoError(t, err)
		require.True(t, res.AlreadyCompleted)
		require.Equal(t, s, res.Step)
		eventbustest.RequireCount[events.FunnelStepCompleted](t, b.bus, 1)

		// Another subject, and a step without subject, are new steps.
		for _, subject := range []string{"course-session-2", ""} {
			res, err = b.m.CompleteFunnelStep(ctx, tracking.CompleteFunnelStepInput{UserID: "user-1", Step: tracking.StepEnrolled, SubjectID: subject, SourceEventID: "event-3"})
			require.NoError(t, err)
			require.False(t, res.AlreadyCompleted)
		}
		res, err = b.m.CompleteFunnelStep(ctx, tracking.CompleteFunnelStepInput{UserID: "user-1", Step: tracking.StepEnrolled, SourceEventID: "event-4"})
		require.NoError(t, err)
		require.True(t, res.AlreadyCompleted)
		eventbustest.RequireCount[events.FunnelStepCompleted](t, b.bus, 3)

		steps, err := b.m.ListFunnelSteps(ctx, "user-1")
		require.NoError(t, err)
		require.Len(t, steps, 3)

		_, err = b.m.GetFunnelStep(ctx, "nope")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))

		// Bad input records and writes nothing.
		for field, bad := range map[string]tracking.CompleteFunnelStepInput{
			"userId":        {Step: tracking.StepAttended, SourceEventID: "e"},
			"step":          {UserID: "user-1", Step: "paid", SourceEventID: "e"},
			"sourceEventId": {UserID: "user-1", Step: tracking.StepAttended},
		} {
			_, err := b.m.CompleteFunnelStep(ctx, bad)
			apperrtest.RequireInvalid(t, err, field)
		}
		eventbustest.RequireTotal(t, b.bus, 3)
		require.Equal(t, 3, b.count(t, "tracking_funnel_steps"))
	})
}

// TestRecordConversionOnceUnderConcurrency delivers the same source event
// several times at once: one conversion, one event.
func TestRecordConversionOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		b := setup(t, d)
		in := tracking.RecordConversionInput{Kind: tracking.KindWebinarAttended, SubjectID: "reg-1", SourceEventID: "event-1"}
		const n = 6
		type outcome struct {
			res tracking.RecordConversionResult
			err error
		}
		results := make(chan outcome, n)
		for range n {
			go func() {
				res, err := b.m.RecordConversion(ctx, in)
				results <- outcome{res, err}
			}()
		}
		ids, first := map[string]bool{}, 0
		for range n {
			o := <-results
			require.NoError(t, o.err)
			res := o.res
			ids[res.Conversion.ID] = true
			if !res.AlreadyRecorded {
				first++
			}
		}
		require.Len(t, ids, 1)
		require.Equal(t, 1, first)
		eventbustest.RequireCount[events.ConversionTracked](t, b.bus, 1)
	})
}
