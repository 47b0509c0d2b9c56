package web

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

type (
	status string

	session struct {
		ID        string     `json:"id"`
		Status    status     `json:"status"`
		Seats     int        `json:"seats"`
		Price     float64    `json:"price"`
		Open      bool       `json:"open"`
		StartsAt  time.Time  `json:"startsAt"`
		EndsAt    *time.Time `json:"endsAt,omitempty"`
		Note      string     `json:"note,omitzero"`
		Tags      []string   `json:"tags"`
		Secret    string     `json:"-"`
		Untagged  int
		Room      *room `json:"room"`
		unwritten int
	}

	room struct {
		Name string `json:"name"`
	}

	audited struct {
		By string `json:"by"`
		At string `json:"at"`
	}

	// withEmbedded promotes audited's fields; its own At wins.
	withEmbedded struct {
		audited
		At int `json:"at,omitempty"`
	}

	node struct {
		Children []node `json:"children"`
	}
)

func TestSchemas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		typ      reflect.Type
		request  bool
		want     string
		wantDefs string
	}{
		{name: "string", typ: reflect.TypeFor[string](), want: `{"type":"string"}`},
		{name: "named string", typ: reflect.TypeFor[status](), want: `{"type":"string"}`},
		{name: "bool", typ: reflect.TypeFor[bool](), want: `{"type":"boolean"}`},
		{name: "int64", typ: reflect.TypeFor[int64](), want: `{"type":"integer"}`},
		{name: "uint8", typ: reflect.TypeFor[uint8](), want: `{"type":"integer"}`},
		{name: "float", typ: reflect.TypeFor[float32](), want: `{"type":"number"}`},
		{name: "time", typ: reflect.TypeFor[time.Time](), want: `{"type":"string","format":"date-time"}`},
		{name: "pointer", typ: reflect.TypeFor[*time.Time](), want: `{"type":["string","null"],"format":"date-time"}`},
		{name: "slice", typ: reflect.TypeFor[[]int](), want: `{"type":"array","items":{"type":"integer"}}`},
		{name: "bytes", typ: reflect.TypeFor[[]byte](), want: `{"type":"string","contentEncoding":"base64"}`},
		{name: "map", typ: reflect.TypeFor[map[string]int](), want: `{"type":"object","additionalProperties":{"type":"integer"}}`},
		{name: "map of any", typ: reflect.TypeFor[map[string]any](), want: `{"type":"object"}`},
		{name: "raw JSON", typ: reflect.TypeFor[json.RawMessage](), want: `{}`},
		{name: "interface", typ: reflect.TypeFor[any](), want: `{}`},
		{
			name: "response struct is a component", typ: reflect.TypeFor[session](),
			want: `{"$ref":"#/components/schemas/web.Session"}`,
			wantDefs: `{
				"web.Session": {"type":"object",
					"required":["id","status","seats","price","open","startsAt","tags","Untagged","room"],
					"properties":{
						"id":{"type":"string"}, "status":{"type":"string"}, "seats":{"type":"integer"},
						"price":{"type":"number"}, "open":{"type":"boolean"},
						"startsAt":{"type":"string","format":"date-time"},
						"endsAt":{"type":["string","null"],"format":"date-time"},
						"note":{"type":"string"}, "tags":{"type":"array","items":{"type":"string"}},
						"Untagged":{"type":"integer"},
						"room":{"anyOf":[{"$ref":"#/components/schemas/web.Room"},{"type":"null"}]}}},
				"web.Room": {"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}`,
		},
		{
			name: "request struct is inline, optional and closed", typ: reflect.TypeFor[session](), request: true,
			want: `{"type":"object","additionalProperties":false,"properties":{
				"id":{"type":"string"}, "status":{"type":"string"}, "seats":{"type":"integer"},
				"price":{"type":"number"}, "open":{"type":"boolean"},
				"startsAt":{"type":"string","format":"date-time"},
				"endsAt":{"type":["string","null"],"format":"date-time"},
				"note":{"type":"string"}, "tags":{"type":"array","items":{"type":"string"}},
				"Untagged":{"type":"integer"},
				"room":{"type":["object","null"],"additionalProperties":false,"properties":{"name":{"type":"string"}}}}}`,
			wantDefs: `{}`,
		},
		{
			name: "anonymous struct is inline", typ: reflect.TypeFor[struct {
				Rooms []room `json:"rooms"`
			}](),
			want:     `{"type":"object","required":["rooms"],"properties":{"rooms":{"type":"array","items":{"$ref":"#/components/schemas/web.Room"}}}}`,
			wantDefs: `{"web.Room": {"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}}`,
		},
		{
			name: "embedded fields are promoted", typ: reflect.TypeFor[withEmbedded](),
			want: `{"$ref":"#/components/schemas/web.WithEmbedded"}`,
			wantDefs: `{"web.WithEmbedded": {"type":"object","required":["by"],
				"properties":{"at":{"type":"integer"},"by":{"type":"string"}}}}`,
		},
		{
			name: "recursive response", typ: reflect.TypeFor[node](),
			want: `{"$ref":"#/components/schemas/web.Node"}`,
			wantDefs: `{"web.Node": {"type":"object","required":["children"],
				"properties":{"children":{"type":"array","items":{"$ref":"#/components/schemas/web.Node"}}}}}`,
		},
		{
			name: "recursive request", typ: reflect.TypeFor[node](), request: true,
			want: `{"type":"object","additionalProperties":false,
				"properties":{"children":{"type":"array","items":{}}}}`,
			wantDefs: `{}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSchemas()
			got := s.of(tt.typ, tt.request)
			require.JSONEq(t, tt.want, mustJSON(t, got))
			if tt.wantDefs != "" {
				require.JSONEq(t, tt.wantDefs, mustJSON(t, s.defs))
			}
		})
	}
}

func TestSchemasNameClashingTypesApart(t *testing.T) {
	t.Parallel()
	type room struct {
		Floor int `json:"floor"`
	}
	s := newSchemas()
	require.Equal(t, map[string]any{"$ref": "#/components/schemas/web.Room"}, s.response(reflect.TypeFor[roomAlias]()))
	require.Equal(t, map[string]any{"$ref": "#/components/schemas/web.Room2"}, s.response(reflect.TypeFor[room]()))
	require.Equal(t, map[string]any{"$ref": "#/components/schemas/web.Room"}, s.response(reflect.TypeFor[roomAlias]()))
}

// roomAlias is the package-level room, named apart from the test's own.
type roomAlias = room

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
