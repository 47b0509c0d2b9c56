package corporate

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/academy/academy/internal/platform/apperr"
)

// Input limits keep free text in the tables sane.
const (
	maxNameLen  = 200
	maxNotesLen = 4000
	maxIDLen    = 100
)

// validCurrency reports whether c is an ISO 4217 alphabetic code such as EUR.
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

func checkCurrency(v *apperr.Validation, field, c string) {
	if c == "" {
		v.Add(field, "is required")
		return
	}
	v.Check(validCurrency(c), field, "must be an ISO 4217 code in capitals, such as EUR")
}

// validEmail accepts a bare address such as ana@example.com.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s
}

// validPhone accepts digits with an optional leading + and the usual
// separators, 7 to 15 digits in all (E.164 allows at most 15).
func validPhone(s string) bool {
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '(', r == ')', r == '.':
		default:
			return false
		}
	}
	return digits >= 7 && digits <= 15
}

func checkLen(v *apperr.Validation, field, value string, limit int) {
	v.Check(utf8.RuneCountInString(value) <= limit, field, "must be at most %d characters", limit)
}

func checkID(v *apperr.Validation, field, value string) {
	v.Require(field, value)
	checkLen(v, field, value, maxIDLen)
}

func trim(s string) string { return strings.TrimSpace(s) }
