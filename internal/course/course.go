package course

import (
	"regexp"
	"time"

	"golang.org/x/text/currency"

	"github.com/academy/academy/internal/course/internal/store"
)

// Course is the read model of a course. Amounts are integer minor units of
// Currency (cents for BRL or USD).
type Course struct {
	ID            string    `json:"id"`
	Title         string    `json:"title"`
	PriceAmount   int64     `json:"priceAmount"`
	DepositAmount int64     `json:"depositAmount"`
	Currency      string    `json:"currency"`
	CreatedBy     string    `json:"createdBy"`
	CreatedAt     time.Time `json:"createdAt"`
}

// BalanceAmount is what is left to pay after the deposit.
func (c Course) BalanceAmount() int64 { return c.PriceAmount - c.DepositAmount }

// Session is the read model of a course session: one scheduled run of a
// course that students enroll in.
type Session struct {
	ID        string    `json:"id"`
	CourseID  string    `json:"courseId"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	Capacity  int       `json:"capacity"`
	CreatedBy string    `json:"createdBy"`
	CreatedAt time.Time `json:"createdAt"`
}

func courseFromRow(r store.Course) Course {
	return Course{
		ID: r.ID, Title: r.Title, PriceAmount: r.PriceAmount, DepositAmount: r.DepositAmount,
		Currency: r.Currency, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
	}
}

func sessionFromRow(r store.Session) Session {
	return Session{
		ID: r.ID, CourseID: r.CourseID, StartsAt: r.StartsAt.UTC(), EndsAt: r.EndsAt.UTC(),
		Capacity: r.Capacity, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(),
	}
}

var currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)

// ValidCurrency reports whether s is an upper-case ISO 4217 currency code
// such as BRL or USD.
func ValidCurrency(s string) bool {
	if !currencyCode.MatchString(s) {
		return false
	}
	_, err := currency.ParseISO(s)
	return err == nil
}
