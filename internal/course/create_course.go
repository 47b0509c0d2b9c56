package course

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/academy/academy/internal/course/internal/store"
	"github.com/academy/academy/internal/platform/apperr"
	"github.com/academy/academy/internal/platform/db"
)

// CreateCourseInput is the input of CreateCourse.
type CreateCourseInput struct {
	Title string `json:"title"`
	// PriceAmount is the full price in minor units of Currency; 0 is a free
	// course.
	PriceAmount int64 `json:"priceAmount"`
	// DepositAmount is the part of the price paid up front to hold a seat,
	// in minor units; 0 means no deposit. It cannot exceed the price.
	DepositAmount int64 `json:"depositAmount"`
	// Currency is an ISO 4217 code such as BRL.
	Currency string `json:"currency"`
	// ActorUserID is who creates the course; the HTTP layer fills it in.
	ActorUserID string `json:"-"`
}

const (
	maxTitleLength = 200
	// maxAmount bounds amounts well below where JSON clients lose integer
	// precision (2^53): a trillion minor units.
	maxAmount = 1_000_000_000_000
)

func (in CreateCourseInput) validate() error {
	var v apperr.Validation
	v.Require("title", in.Title)
	v.Check(utf8.RuneCountInString(in.Title) <= maxTitleLength, "title", "must be at most %d characters", maxTitleLength)
	v.Check(in.PriceAmount >= 0 && in.PriceAmount <= maxAmount, "priceAmount", "must be between 0 and %d minor units", int64(maxAmount))
	switch {
	case in.DepositAmount < 0:
		v.Add("depositAmount", "must not be negative")
	case in.PriceAmount >= 0 && in.DepositAmount > in.PriceAmount:
		v.Add("depositAmount", "must not exceed priceAmount")
	}
	v.Check(ValidCurrency(in.Currency), "currency", "must be an upper-case ISO 4217 code such as BRL")
	v.Require("actorUserId", in.ActorUserID)
	return v.Err()
}

// CreateCourse adds a course to the catalogue.
func (m *Module) CreateCourse(ctx context.Context, in CreateCourseInput) (Course, error) {
	in.Title = strings.TrimSpace(in.Title)
	if err := in.validate(); err != nil {
		return Course{}, err
	}
	row := store.Course{
		ID:            uuid.NewString(),
		Title:         in.Title,
		PriceAmount:   in.PriceAmount,
		DepositAmount: in.DepositAmount,
		Currency:      in.Currency,
		CreatedBy:     in.ActorUserID,
		CreatedAt:     m.clock.Now(),
	}
	err := db.InTx(ctx, m.db, func(tx *sql.Tx) error {
		return m.store.InsertCourse(ctx, tx, row)
	})
	if err != nil {
		return Course{}, fmt.Errorf("create course: %w", err)
	}
	return courseFromRow(row), nil
}
