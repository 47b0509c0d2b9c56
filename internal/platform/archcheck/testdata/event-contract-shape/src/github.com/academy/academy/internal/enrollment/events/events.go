// Package events is a fixture for rule event-contract-shape.
package events

import "time"

type EnrollmentID string

type Seats int32

type Flag bool

// EnrollmentCreated is a good event: the rule stays silent.
type EnrollmentCreated struct {
	EnrollmentID EnrollmentID `json:"enrollmentId"`
	CourseID     string
	Seats        Seats
	Count        int
	Paid         bool
	Flag         Flag
	AmountMinor  int64
	OccurredAt   time.Time
}

func (EnrollmentCreated) EventName() string { return "enrollment.EnrollmentCreated" }
func (EnrollmentCreated) EventVersion() int { return 1 }

type EnrollmentChanged struct {
	Tags       []string                // want `event field EnrollmentChanged.Tags has type \[\]string \(slice\)`
	Meta       map[string]string       // want `EnrollmentChanged.Meta has type map\[string\]string \(map\)`
	Price      float64                 // want `Price has type float64 \(floating point: use integer minor units\)`
	Raw        []byte                  // want `Raw has type \[\]byte \(raw bytes\)`
	Previous   *EnrollmentID           // want `Previous has type \*EnrollmentID \(pointer\)`
	Extra      any                     // want `Extra has type any \(interface\)`
	Address    struct{ Street string } // want `Address has type struct\{Street string\} \(nested struct\)`
	Created    EnrollmentCreated       // want `Created has type EnrollmentCreated \(nested struct\)`
	Grid       [2]int                  // want `Grid has type \[2\]int \(array\)`
	OccurredAt time.Time
}

func (EnrollmentChanged) EventName() string  { return "enrollment.EnrollmentChanged" }
func (*EnrollmentChanged) EventVersion() int { return 1 } // want `event type EnrollmentChanged has pointer-receiver method EventVersion`

type EnrollmentDropped struct { // want `event type EnrollmentDropped has no OccurredAt time.Time field`
	EnrollmentID EnrollmentID
	DroppedAt    time.Time
}

func (EnrollmentDropped) EventName() string { return "enrollment.EnrollmentDropped" }
func (EnrollmentDropped) EventVersion() int { return 1 }

type EnrollmentPaused struct { // want `event type EnrollmentPaused has no EventVersion\(\) int method`
	OccurredAt time.Time
}

func (EnrollmentPaused) EventName() string { return "enrollment.EnrollmentPaused" }

type EnrollmentResumed struct {
	OccurredAt time.Time
}

func (EnrollmentResumed) EventName() string    { return "enrollment.EnrollmentResumed" }
func (EnrollmentResumed) EventVersion() string { return "1" } // want `EnrollmentResumed.EventVersion must have the signature EventVersion\(\) int`

type EnrollmentName string // want `event type EnrollmentName is a string, not a struct`

func (EnrollmentName) EventName() string { return "enrollment.EnrollmentName" }
func (EnrollmentName) EventVersion() int { return 1 }

// Cursor has no event methods: it is not an event, so it may hold anything.
type Cursor struct {
	Pages map[string][]byte
}
