package archcheck

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// Options configures one architecture check.
type Options struct {
	// Dir is the directory to run in, as with go -C; "" means the current one.
	Dir string
	// Patterns are the packages to check; none means "./...".
	Patterns []string
	// BaselinePath is the baseline file; "" means architecture-baseline.json
	// in the root of the main module. A relative path is relative to Dir.
	BaselinePath string
	// Strict ignores the baseline: every violation fails.
	Strict bool
	// FailStale fails when a baseline entry no longer matches.
	FailStale bool
	// WriteBaseline records the current violations in the baseline.
	WriteBaseline bool
	// AcceptNew lets WriteBaseline add violations that are not yet baselined.
	AcceptNew bool
	// Prune removes stale and over-counted entries from the baseline, and
	// adds nothing.
	Prune bool
	// Format is "text" (the default), "json" or "sarif".
	Format string
}

// BaselineFile is the default baseline file name, in the module root.
const BaselineFile = "architecture-baseline.json"

func (o Options) validate() error {
	switch o.Format {
	case "", "text", "json", "sarif":
	default:
		return fmt.Errorf("unknown format %q: want text, json or sarif", o.Format)
	}
	switch {
	case o.Strict && (o.WriteBaseline || o.Prune):
		return errors.New("--strict ignores the baseline, so it cannot be combined with --write-baseline or --prune")
	case o.WriteBaseline && o.Prune:
		return errors.New("use either --write-baseline or --prune")
	case o.AcceptNew && !o.WriteBaseline:
		return errors.New("--accept-new only makes sense with --write-baseline")
	}
	return nil
}

// Run checks the packages and writes a report to stdout. The exit code is
// 0 when there is nothing new, 1 when a violation (or, with FailStale, a
// stale baseline entry) fails the check. An error means the check could
// not run: a bad option, or packages that do not load or type-check.
func Run(ctx context.Context, opts Options, stdout io.Writer) (exitCode int, err error) {
	if err := opts.validate(); err != nil {
		return 2, err
	}
	opts.Format = cmp.Or(opts.Format, "text")
	dir, err := filepath.Abs(cmp.Or(opts.Dir, "."))
	if err != nil {
		return 2, fmt.Errorf("resolve directory: %w", err)
	}
	prog, err := load(ctx, dir, opts.Patterns)
	if err != nil {
		return 2, err
	}
	findings, err := prog.analyze()
	if err != nil {
		return 2, err
	}

	baselinePath := opts.BaselinePath
	switch {
	case baselinePath == "":
		baselinePath = filepath.Join(prog.root, BaselineFile)
	case !filepath.IsAbs(baselinePath):
		baselinePath = filepath.Join(dir, baselinePath)
	}
	var base *Baseline
	if !opts.Strict {
		if base, err = ReadBaseline(baselinePath); err != nil {
			return 2, err
		}
	}
	inScope := prog.inScope()
	res := match(findings, base, inScope)

	rep := report{strict: opts.Strict, baselinePath: relSlash(prog.root, baselinePath)}
	var write *Baseline
	switch {
	case opts.WriteBaseline && res.newCount() > 0 && !opts.AcceptNew:
		rep.notes = append(rep.notes, fmt.Sprintf("baseline not written: %d new violation(s) would be added; fix them, or rerun with --accept-new to record them as debt", res.newCount()))
	case opts.WriteBaseline:
		write = res.acceptAll()
	case opts.Prune:
		write = res.pruned()
		rep.notes = append(rep.notes, fmt.Sprintf("baseline pruned: %d stale entr(ies) removed or reduced", len(res.Stale)))
	}
	if write != nil {
		if err := writeBaseline(baselinePath, write); err != nil {
			return 2, err
		}
		rep.notes = append(rep.notes, "baseline written to "+rep.baselinePath)
		res = match(findings, write, inScope)
	}
	rep.result = res

	if err := rep.write(stdout, opts.Format); err != nil {
		return 2, fmt.Errorf("write report: %w", err)
	}
	if res.newCount() > 0 || (opts.FailStale && len(res.Stale) > 0) {
		return 1, nil
	}
	return 0, nil
}

// program is the loaded packages of one run.
type program struct {
	root  string              // main module directory: file names are relative to it
	pkgs  []*packages.Package // the packages to check
	extra []*packages.Package // module roots loaded only for their OwnedTables
}

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedTypes | packages.NeedTypesSizes |
	packages.NeedSyntax | packages.NeedTypesInfo | packages.NeedModule

// load loads the packages from source and their dependencies from export
// data, as go vet does: only the checked packages are parsed and
// type-checked.
func load(ctx context.Context, dir string, patterns []string) (*program, error) {
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Context: ctx, Dir: dir, Mode: loadMode}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("load %s in %s: %w", strings.Join(patterns, " "), dir, err)
	}
	if err := loadErrors(pkgs); err != nil {
		return nil, err
	}
	if len(pkgs) == 0 {
		return nil, fmt.Errorf("no packages match %s in %s", strings.Join(patterns, " "), dir)
	}
	prog := &program{root: dir, pkgs: pkgs}
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			prog.root = p.Module.Dir
			break
		}
	}
	if err := prog.loadOwners(ctx); err != nil {
		return nil, err
	}
	return prog, nil
}

func loadErrors(pkgs []*packages.Package) error {
	var msgs []string
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		// go list reports a compile error as one block, and the type
		// checker once more, line by line: keep the type checker's.
		typeErrs := slices.ContainsFunc(p.Errors, func(e packages.Error) bool { return e.Kind == packages.TypeError })
		for _, e := range p.Errors {
			if typeErrs && e.Kind != packages.TypeError {
				continue
			}
			if k := e.Pos + e.Msg; !seen[k] {
				seen[k] = true
				msgs = append(msgs, e.Error())
			}
		}
	})
	if len(msgs) == 0 {
		return nil
	}
	if len(msgs) > 10 {
		msgs = append(msgs[:10], fmt.Sprintf("and %d more", len(msgs)-10))
	}
	return fmt.Errorf("packages do not load:\n\t%s", strings.Join(msgs, "\n\t"))
}

// loadOwners loads the module roots and platform packages that the
// patterns left out, so a check of part of the tree still knows every
// table's owner.
func (prog *program) loadOwners(ctx context.Context) error {
	var mod *packages.Module
	loaded := make(map[string]bool)
	for _, p := range prog.pkgs {
		loaded[p.PkgPath] = true
		if mod == nil && p.Module != nil && p.Module.Main {
			mod = p.Module
		}
	}
	if mod == nil {
		return nil
	}
	var missing []string
	addDirs := func(rel string, skip map[string]pkgKind) {
		entries, err := os.ReadDir(filepath.Join(mod.Dir, rel))
		if err != nil {
			return
		}
		for _, e := range entries {
			if _, ok := skip[e.Name()]; ok || !e.IsDir() {
				continue
			}
			path := mod.Path + "/" + rel + "/" + e.Name()
			if !loaded[path] && hasGoFiles(filepath.Join(mod.Dir, rel, e.Name())) {
				missing = append(missing, path)
			}
		}
	}
	addDirs("internal", nonModules)
	addDirs("internal/platform", nil)
	if len(missing) == 0 {
		return nil
	}
	cfg := &packages.Config{Context: ctx, Dir: mod.Dir, Mode: loadMode}
	extra, err := packages.Load(cfg, missing...)
	if err != nil {
		return fmt.Errorf("load table owners: %w", err)
	}
	// These packages are not checked: a compile error in one of them is
	// for its own check to report, and its OwnedTables may still be read.
	prog.extra = extra
	return nil
}

// inScope reports whether this run checked a module-relative file: one in
// the directory of a checked package, or one that no longer exists, whose
// baseline entries can only be stale.
func (prog *program) inScope() func(file string) bool {
	dirs := make(map[string]bool)
	for _, p := range prog.pkgs {
		for _, f := range p.GoFiles {
			dirs[path.Dir(relSlash(prog.root, f))] = true
		}
	}
	return func(file string) bool {
		if dirs[path.Dir(file)] {
			return true
		}
		_, err := os.Stat(filepath.Join(prog.root, filepath.FromSlash(file)))
		return errors.Is(err, fs.ErrNotExist)
	}
}

func hasGoFiles(dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
			return true
		}
	}
	return false
}

// analyze runs every rule over the packages at once.
func (prog *program) analyze() ([]Finding, error) {
	s := newSuite(collectOwnership(append(append([]*packages.Package{}, prog.pkgs...), prog.extra...)))
	analyzers := s.analyzers()
	ruleOf := make(map[string]string, len(Rules))
	for _, r := range Rules {
		ruleOf[analyzerName(r.ID)] = r.ID
	}
	graph, err := checker.Analyze(analyzers, prog.pkgs, nil)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	var findings []Finding
	var errs []error
	for act := range graph.All() {
		if !act.IsRoot {
			continue
		}
		if act.Err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", act, act.Err))
			continue
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.Position(d.Pos)
			findings = append(findings, Finding{
				Rule:    ruleOf[act.Analyzer.Name],
				File:    relSlash(prog.root, pos.Filename),
				Line:    pos.Line,
				Column:  pos.Column,
				Symbol:  enclosingSymbol(act.Package, d.Pos),
				Target:  s.target(act.Analyzer.Name, d),
				Message: d.Message,
			})
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sortFindings(findings)
	return findings, nil
}

func relSlash(root, path string) string {
	if rel, err := filepath.Rel(root, path); err == nil && !strings.HasPrefix(rel, "..") {
		path = rel
	}
	return filepath.ToSlash(path)
}

// enclosingSymbol names the top-level declaration around pos: a function
// "Name", a method "(*Recv).Name" or "Recv.Name", or the first name of a
// type, var or const declaration. Baseline entries use it, not line
// numbers, so moving code does not break them.
func enclosingSymbol(pkg *packages.Package, pos token.Pos) string {
	for _, f := range pkg.Syntax {
		if pos < f.FileStart || pos > f.FileEnd {
			continue
		}
		for _, d := range f.Decls {
			if pos < d.Pos() || pos > d.End() {
				continue
			}
			switch d := d.(type) {
			case *ast.FuncDecl:
				return funcDeclName(d)
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					if pos < spec.Pos() || pos > spec.End() {
						continue
					}
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						return spec.Name.Name
					case *ast.ValueSpec:
						return spec.Names[0].Name
					case *ast.ImportSpec:
						return "import"
					}
				}
			}
		}
		return "package"
	}
	return ""
}

func funcDeclName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	ptr := false
	if star, ok := t.(*ast.StarExpr); ok {
		ptr, t = true, star.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if ptr {
		return "(*" + name + ")." + d.Name.Name
	}
	return name + "." + d.Name.Name
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Rule < b.Rule
	})
}
