package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/app"
	"github.com/academy/academy/internal/platform/eventbus"
)

var update = flag.Bool("update", false, "rewrite golden files and docs/event_catalog.md")

// registry composes the whole application on an in-memory database and
// returns every defined event.
func registry(t *testing.T) []eventbus.EventInfo {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DatabaseURL: "sqlite::memory:", Tokens: "t:admin:registry-only-token"}, app.Options{LogOutput: io.Discard})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	return a.Bus.Events()
}

// forbiddenName matches field names that suggest data an event must never
// carry: secrets, contact details, free text, paths and raw payloads.
var forbiddenName = regexp.MustCompile(`(?i)secret|token|password|passwd|apikey|api_key|credential|path|file|payload|body|raw|email|phone|text|content|address|url`)

var timeType = reflect.TypeOf(time.Time{})

func TestEventContractsHoldOnlyIDsAndSafeScalars(t *testing.T) {
	t.Parallel()
	for _, ev := range registry(t) {
		typ := reflect.TypeOf(eventValue(t, ev))
		require.Equal(t, reflect.Struct, typ.Kind(), ev.Name)
		for i := range typ.NumField() {
			f := typ.Field(i)
			ok := f.Type == timeType
			switch f.Type.Kind() {
			case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
				reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				ok = true
			}
			require.True(t, ok, "%s.%s has type %s: events hold only strings, booleans, integers, time.Time and named scalar IDs", ev.Name, f.Name, f.Type)
			require.False(t, forbiddenName.MatchString(f.Name), "%s.%s: the name suggests a secret, contact detail, path or raw payload", ev.Name, f.Name)
		}
	}
}

func eventValue(t *testing.T, ev eventbus.EventInfo) eventbus.Event {
	t.Helper()
	require.NotNil(t, ev.Event, ev.Name)
	return ev.Event
}

// TestEventShapesMatchTheirVersion keeps one golden file per event and
// version. Changing an event's fields without raising its version fails;
// raise the version and run `go test ./internal/app -update` to add the new
// golden file (the old one documents the old version).
func TestEventShapesMatchTheirVersion(t *testing.T) {
	t.Parallel()
	for _, ev := range registry(t) {
		shape, err := json.MarshalIndent(ev.Fields, "", "  ")
		require.NoError(t, err)
		shape = append(shape, '\n')
		golden := filepath.Join("testdata", "events", ev.Name+".v"+strconv.Itoa(ev.Version)+".json")
		if *update {
			require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
			require.NoError(t, os.WriteFile(golden, shape, 0o644))
			continue
		}
		want, err := os.ReadFile(golden)
		require.NoError(t, err, "no golden file for %s v%d: run go test ./internal/app -update", ev.Name, ev.Version)
		require.Equal(t, string(want), string(shape),
			"%s v%d changed shape: raise its EventVersion, then run go test ./internal/app -update", ev.Name, ev.Version)
	}
}

func TestEventCatalogIsGeneratedFromTheCode(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	require.NoError(t, eventbus.WriteCatalog(&buf, registry(t)))
	path := filepath.Join("..", "..", "docs", "event_catalog.md")
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	committed, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(committed), buf.String(),
		"docs/event_catalog.md is stale: run go run ./cmd/academy events catalog")
}

func TestDomainBoundariesAreGeneratedFromTheCode(t *testing.T) {
	t.Parallel()
	a, err := app.New(context.Background(), app.Config{DatabaseURL: "sqlite::memory:", Tokens: "t:admin:registry-only-token"}, app.Options{LogOutput: io.Discard})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	var buf bytes.Buffer
	require.NoError(t, app.WriteBoundaries(&buf, a.Modules()))
	path := filepath.Join("..", "..", "docs", "domain_boundaries.md")
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	committed, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, string(committed), buf.String(),
		"docs/domain_boundaries.md is stale: run go run ./cmd/academy events catalog")
}
