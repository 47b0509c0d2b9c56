package course_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/apperr/apperrtest"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

type bundle struct {
	db *db.DB
	m  *course.Module
}

func setup(t *testing.T, d *db.DB) *bundle {
	t.Helper()
	m, err := course.New(course.Deps{DB: d.DB, Clock: clock.NewManual(start)})
	require.NoError(t, err)
	return &bundle{db: d, m: m}
}

func (b *bundle) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	require.NoError(t, b.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n))
	return n
}

func validCourse() course.CreateCourseInput {
	return course.CreateCourseInput{Title: " Barista Basics ", PriceAmount: 120000, DepositAmount: 30000, Currency: "BRL", ActorUserID: "staff-1"}
}

func validSession(courseID string) course.ScheduleCourseSessionInput {
	return course.ScheduleCourseSessionInput{
		CourseID: courseID, StartsAt: start.Add(48 * time.Hour), EndsAt: start.Add(52 * time.Hour),
		Capacity: 12, ActorUserID: "staff-1",
	}
}

func TestCreateCourse(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		c, err := b.m.CreateCourse(ctx, validCourse())
		require.NoError(t, err)
		require.Equal(t, "Barista Basics", c.Title)
		require.Equal(t, int64(120000), c.PriceAmount)
		require.Equal(t, int64(30000), c.DepositAmount)
		require.Equal(t, int64(90000), c.BalanceAmount())
		require.Equal(t, "BRL", c.Currency)
		require.Equal(t, start, c.CreatedAt)

		got, err := b.m.GetCourse(ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, got)

		free := course.CreateCourseInput{Title: "Open day", Currency: "USD", ActorUserID: "staff-1"}
		_, err = b.m.CreateCourse(ctx, free)
		require.NoError(t, err, "a free course with no deposit is fine")
	})
}

func TestCreateCourseRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(*course.CreateCourseInput)
		fields []string
	}{
		{"no title", func(in *course.CreateCourseInput) { in.Title = " " }, []string{"title"}},
		{"negative price", func(in *course.CreateCourseInput) { in.PriceAmount, in.DepositAmount = -1, 0 }, []string{"priceAmount"}},
		{"huge price", func(in *course.CreateCourseInput) { in.PriceAmount = 1 << 60 }, []string{"priceAmount"}},
		{"negative deposit", func(in *course.CreateCourseInput) { in.DepositAmount = -5 }, []string{"depositAmount"}},
		{"deposit above price", func(in *course.CreateCourseInput) { in.DepositAmount = in.PriceAmount + 1 }, []string{"depositAmount"}},
		{"lower-case currency", func(in *course.CreateCourseInput) { in.Currency = "brl" }, []string{"currency"}},
		{"unknown currency", func(in *course.CreateCourseInput) { in.Currency = "ABC" }, []string{"currency"}},
		{"no currency", func(in *course.CreateCourseInput) { in.Currency = "" }, []string{"currency"}},
		{"no actor", func(in *course.CreateCourseInput) { in.ActorUserID = "" }, []string{"actorUserId"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		for _, tt := range tests {
			in := validCourse()
			tt.edit(&in)
			_, err := b.m.CreateCourse(context.Background(), in)
			t.Run(tt.name, func(t *testing.T) { apperrtest.RequireFields(t, err, tt.fields...) })
		}
		require.Equal(t, 0, b.count(t, "courses"))
	})
}

func TestScheduleCourseSession(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		c, err := b.m.CreateCourse(ctx, validCourse())
		require.NoError(t, err)

		in := validSession(c.ID)
		in.StartsAt = in.StartsAt.In(time.FixedZone("BRT", -3*3600))
		s, err := b.m.ScheduleCourseSession(ctx, in)
		require.NoError(t, err)
		require.Equal(t, c.ID, s.CourseID)
		require.Equal(t, start.Add(48*time.Hour), s.StartsAt, "stored in UTC")
		require.Equal(t, 12, s.Capacity)

		got, err := b.m.GetCourseSession(ctx, s.ID)
		require.NoError(t, err)
		require.Equal(t, s, got)
	})
}

func TestScheduleCourseSessionRejects(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(*course.ScheduleCourseSessionInput)
		fields []string
	}{
		{"no course", func(in *course.ScheduleCourseSessionInput) { in.CourseID = "" }, []string{"courseId"}},
		{"no start", func(in *course.ScheduleCourseSessionInput) { in.StartsAt = time.Time{} }, []string{"startsAt"}},
		{"ends before start", func(in *course.ScheduleCourseSessionInput) { in.EndsAt = in.StartsAt }, []string{"endsAt"}},
		{"too long", func(in *course.ScheduleCourseSessionInput) { in.EndsAt = in.StartsAt.Add(25 * time.Hour) }, []string{"endsAt"}},
		{"zero capacity", func(in *course.ScheduleCourseSessionInput) { in.Capacity = 0 }, []string{"capacity"}},
		{"no actor", func(in *course.ScheduleCourseSessionInput) { in.ActorUserID = "" }, []string{"actorUserId"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		b := setup(t, d)
		ctx := context.Background()
		c, err := b.m.CreateCourse(ctx, validCourse())
		require.NoError(t, err)
		for _, tt := range tests {
			in := validSession(c.ID)
			tt.edit(&in)
			_, err := b.m.ScheduleCourseSession(ctx, in)
			t.Run(tt.name, func(t *testing.T) { apperrtest.RequireFields(t, err, tt.fields...) })
		}

		_, err = b.m.ScheduleCourseSession(ctx, validSession("missing"))
		apperrtest.RequireFields(t, err, "courseId")
		require.Equal(t, 0, b.count(t, "course_sessions"))

		_, err = b.m.GetCourseSession(ctx, "missing")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
		_, err = b.m.GetCourse(ctx, "missing")
		require.Equal(t, apperr.NotFound, apperr.CodeOf(err))
	})
}
