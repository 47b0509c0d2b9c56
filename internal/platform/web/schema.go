package web

import (
	"encoding"
	"encoding/json"
	"maps"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
)

var (
	timeType          = reflect.TypeFor[time.Time]()
	marshalerType     = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
)

// schemas describes Go types as JSON Schema 2020-12, the dialect of OpenAPI
// 3.1, following the rules by which encoding/json writes and reads them.
//
// Response schemas state what the server writes: a field without omitempty
// or omitzero is always present, so it is required, and a named struct is a
// component that responses share through $ref. Request schemas state what
// Decode accepts: unknown fields are refused, and no field is required,
// because presence is the Action's rule and it answers 422 naming the
// missing field. They are written inline, so that a type shared by both
// directions never needs two component names.
type schemas struct {
	// defs are the components, by name.
	defs map[string]any
	// names are the component names of the struct types in defs.
	names map[reflect.Type]string
	// inline are the struct types being written inline: a recursive request
	// type ends as "any value" rather than recursing for ever.
	inline map[reflect.Type]bool
}

func newSchemas() *schemas {
	return &schemas{defs: map[string]any{}, names: map[reflect.Type]string{}, inline: map[reflect.Type]bool{}}
}

// response returns the schema of a JSON response body of type t.
func (s *schemas) response(t reflect.Type) map[string]any { return s.of(t, false) }

// request returns the schema of a JSON request body that Decode reads into
// a value of type t.
func (s *schemas) request(t reflect.Type) map[string]any { return s.of(t, true) }

func (s *schemas) of(t reflect.Type, request bool) map[string]any {
	if t.Kind() == reflect.Pointer {
		return nullable(s.of(t.Elem(), request))
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Implements(marshalerType):
		// It writes itself (json.RawMessage does): any JSON value.
		return map[string]any{}
	case t.Implements(textMarshalerType):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Slice, reflect.Array:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": s.of(t.Elem(), request)}
	case reflect.Map:
		m := map[string]any{"type": "object"}
		if v := s.of(t.Elem(), request); len(v) > 0 {
			m["additionalProperties"] = v
		}
		return m
	case reflect.Struct:
		if request || t.Name() == "" {
			return s.object(t, request)
		}
		return map[string]any{"$ref": "#/components/schemas/" + s.component(t)}
	}
	// Interfaces hold any value; encoding/json refuses the other kinds.
	return map[string]any{}
}

// component returns the name of t's component, adding it on first use.
func (s *schemas) component(t reflect.Type) string {
	if name, ok := s.names[t]; ok {
		return name
	}
	// Prefixed with the package, so that attendance.Session and
	// course.Session are two components.
	base := path.Base(t.PkgPath()) + "." + componentName(t.Name())
	name := base
	for n := 2; s.defs[name] != nil; n++ {
		name = base + strconv.Itoa(n)
	}
	s.names[t] = name
	s.defs[name] = map[string]any{} // reserved: a field may bring a type of the same name
	s.defs[name] = s.object(t, false)
	return name
}

// componentName makes a Go type name a component name: exported, and only
// of the characters OpenAPI allows (generic type names have others).
func componentName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return r
		}
		return '_'
	}, name)
	return strings.ToUpper(name[:1]) + name[1:]
}

func (s *schemas) object(t reflect.Type, request bool) map[string]any {
	if s.inline[t] {
		return map[string]any{}
	}
	s.inline[t] = true
	defer delete(s.inline, t)
	props := map[string]any{}
	var required []string
	s.fields(t, request, props, &required)
	obj := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		obj["required"] = required
	}
	if request {
		obj["additionalProperties"] = false
	}
	return obj
}

// fields adds t's JSON fields to props. Like encoding/json, it promotes the
// fields of embedded structs, and a field of t wins over a promoted one of
// the same name.
func (s *schemas) fields(t reflect.Type, request bool, props map[string]any, required *[]string) {
	var embedded []reflect.StructField
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && derefType(f.Type).Kind() == reflect.Struct {
			embedded = append(embedded, f)
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = s.of(f.Type, request)
		if !request && !hasOption(opts, "omitempty") && !hasOption(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
	for _, f := range embedded {
		promoted := map[string]any{}
		var promotedRequired []string
		s.fields(derefType(f.Type), request, promoted, &promotedRequired)
		for _, name := range slices.Sorted(maps.Keys(promoted)) {
			if _, ok := props[name]; ok {
				continue
			}
			props[name] = promoted[name]
			// A nil embedded pointer writes none of its fields.
			if slices.Contains(promotedRequired, name) && f.Type.Kind() != reflect.Pointer {
				*required = append(*required, name)
			}
		}
	}
}

func derefType(t reflect.Type) reflect.Type {
	if t.Kind() == reflect.Pointer {
		return t.Elem()
	}
	return t
}

func hasOption(opts, want string) bool {
	return slices.Contains(strings.Split(opts, ","), want)
}

// nullable lets a schema also match null, which is how encoding/json
// writes a nil pointer.
func nullable(schema map[string]any) map[string]any {
	switch typ, ok := schema["type"].(string); {
	case len(schema) == 0:
		return schema // any value already includes null
	case ok:
		schema["type"] = []string{typ, "null"}
		return schema
	}
	return map[string]any{"anyOf": []any{schema, map[string]any{"type": "null"}}}
}
