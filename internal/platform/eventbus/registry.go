package eventbus

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// EventInfo is what the registry knows about one event: its definition, its
// payload fields and the listeners registered for it.
type EventInfo struct {
	Definition
	Name      string
	Version   int
	Fields    []Field
	Listeners []ListenerInfo
}

// ListenerInfo describes a registered listener.
type ListenerInfo struct {
	// Name is the listener's stable name, "<module>.<Reaction>".
	Name string
	// Event is the name of the event it listens to.
	Event string
	// Description says in one line what it does.
	Description string
	// Idempotency says why running it twice has its effect once.
	Idempotency string
}

type eventEntry struct {
	info EventInfo
	typ  reflect.Type
}

// registry holds event definitions and listeners. It is filled while the
// application is composed, before the bus starts, and only read afterwards.
type registry struct {
	events    map[string]*eventEntry
	listeners map[string]*listener
}

func newRegistry() *registry {
	return &registry{events: map[string]*eventEntry{}, listeners: map[string]*listener{}}
}

func (r *registry) define(def Definition) error {
	if def.Event == nil {
		return fmt.Errorf("define event: nil Event in definition owned by %q", def.Owner)
	}
	name := def.Event.EventName()
	if _, dup := r.events[name]; dup {
		return fmt.Errorf("define event %s: already defined", name)
	}
	if owner, _, _ := strings.Cut(name, "."); owner != def.Owner {
		return fmt.Errorf("define event %s: name must start with its owner module %q", name, def.Owner)
	}
	if def.Description == "" || len(def.Emitters) == 0 {
		return fmt.Errorf("define event %s: description and emitters are required", name)
	}
	typ, fields, err := inspect(def.Event)
	if err != nil {
		return fmt.Errorf("define event: %w", err)
	}
	r.events[name] = &eventEntry{
		info: EventInfo{Definition: def, Name: name, Version: def.Event.EventVersion(), Fields: fields},
		typ:  typ,
	}
	return nil
}

func (r *registry) addListener(l *listener) error {
	entry, ok := r.events[l.info.Event]
	if !ok {
		return fmt.Errorf("listener %s: event %s is not defined (define events before listening)", l.info.Name, l.info.Event)
	}
	if _, dup := r.listeners[l.info.Name]; dup {
		return fmt.Errorf("listener %s: name already registered", l.info.Name)
	}
	r.listeners[l.info.Name] = l
	entry.info.Listeners = append(entry.info.Listeners, l.info)
	slices.SortFunc(entry.info.Listeners, func(a, b ListenerInfo) int { return strings.Compare(a.Name, b.Name) })
	return nil
}

func (r *registry) list() []EventInfo {
	out := make([]EventInfo, 0, len(r.events))
	for _, e := range r.events {
		out = append(out, e.info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
