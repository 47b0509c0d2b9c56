package archcheck

import (
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"testing"
)

// repoRoot is the root of the module this package belongs to.
func repoRoot(b *testing.B) string {
	b.Helper()
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	if err != nil {
		b.Fatal(err)
	}
	return root
}

// BenchmarkArchitectureCheckVsGoVet times, in the same run and on the same
// warm build cache, `go vet ./...` and a full architecture check of the
// repository root. The target is a check at most twice as slow as vet.
//
//	go test -run '^$' -bench . -benchtime 5x ./internal/platform/archcheck
func BenchmarkArchitectureCheckVsGoVet(b *testing.B) {
	root := repoRoot(b)
	b.Run("go-vet", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.Command("go", "vet", "./...")
			cmd.Dir = root
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("go vet ./...: %v\n%s", err, out)
			}
		}
	})
	b.Run("architecture-check", func(b *testing.B) {
		for b.Loop() {
			if _, err := Run(context.Background(), Options{Dir: root, Strict: true}, io.Discard); err != nil {
				b.Fatal(err)
			}
		}
	})
}
