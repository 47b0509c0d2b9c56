package eventbus

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Event is a domain event contract: an immutable struct of IDs and safe
// scalars. Its first field is the id of the aggregate it is about, and it has
// an OccurredAt time.Time field set from the Action's clock.
//
// Implement both methods on the value type:
//
//	func (EnrollmentCreated) EventName() string { return "enrollment.EnrollmentCreated" }
//	func (EnrollmentCreated) EventVersion() int { return 1 }
type Event interface {
	// EventName is the stable name, "<module>.<PastTenseFact>".
	EventName() string
	// EventVersion is the schema version; raise it whenever the shape changes.
	EventVersion() int
}

// Definition describes an event for the registry, the catalog and
// `academy events list`.
type Definition struct {
	// Event is a zero value of the contract type.
	Event Event
	// Owner is the module that owns and emits the event.
	Owner string
	// Description says in one line what happened.
	Description string
	// Emitters names the Actions that record the event, as "module.Action".
	Emitters []string
	// AutomationSafety says what automation may do on this event, e.g. whether
	// it may message a person.
	AutomationSafety string
	// Idempotency says how a listener can tell a repeat of this event.
	Idempotency string
}

// Field describes one payload field of an event contract.
type Field struct {
	Name     string // Go field name
	JSONName string // name in the payload JSON
	Type     string // Go type, e.g. "string", "time.Time", "events.EnrollmentID"
}

var timeType = reflect.TypeOf(time.Time{})

// inspect checks the shape rules the bus relies on and returns the payload
// fields. Deeper contract rules (no secrets, no paths) are enforced by tests
// and by architecture-check.
func inspect(ev Event) (reflect.Type, []Field, error) {
	t := reflect.TypeOf(ev)
	if t == nil || t.Kind() != reflect.Struct {
		return nil, nil, fmt.Errorf("event %T: must be a struct value, not %v", ev, t)
	}
	if t.NumField() == 0 || t.Field(0).Type.Kind() != reflect.String {
		return nil, nil, fmt.Errorf("event %s: first field must be the aggregate id, a string type", ev.EventName())
	}
	occurred, ok := t.FieldByName("OccurredAt")
	if !ok || occurred.Type != timeType {
		return nil, nil, fmt.Errorf("event %s: needs an OccurredAt time.Time field", ev.EventName())
	}
	fields := make([]Field, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		jsonName := f.Name
		if tag, ok := f.Tag.Lookup("json"); ok {
			if name, _, _ := strings.Cut(tag, ","); name != "" {
				jsonName = name
			}
		}
		fields = append(fields, Field{Name: f.Name, JSONName: jsonName, Type: f.Type.String()})
	}
	return t, fields, nil
}

// aggregateID and occurredAt read the conventional fields of a checked event.
func aggregateID(ev Event) string {
	return reflect.ValueOf(ev).Field(0).String()
}

func occurredAt(ev Event) time.Time {
	return reflect.ValueOf(ev).FieldByName("OccurredAt").Interface().(time.Time)
}

type metadataKey struct{}

// Metadata travels in the context from the request or delivery that caused
// an Action into the events that Action records.
type Metadata struct {
	// Actor is who caused the change: "user:<id>", "listener:<name>", "system".
	Actor string
	// CorrelationID ties together everything caused by one outside request.
	CorrelationID string
	// CausationID is the id of the event whose delivery caused this change.
	CausationID string
}

// WithMetadata returns a context that carries md.
func WithMetadata(ctx context.Context, md Metadata) context.Context {
	return context.WithValue(ctx, metadataKey{}, md)
}

// MetadataFrom returns the metadata carried by ctx, if any.
func MetadataFrom(ctx context.Context) Metadata {
	md, _ := ctx.Value(metadataKey{}).(Metadata)
	return md
}
