package archcheck

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// ownedTablesVar is the variable each owner declares in tablesFile.
const (
	ownedTablesVar = "OwnedTables"
	tablesFile     = "tables.go"
)

// busTables are written only by internal/platform/eventbus (rule
// record-in-tx); a trailing "_" marks a prefix (River's river_* tables).
var busTables = []string{"domain_events", "processed_deliveries", "river_"}

func isBusTable(table string) bool {
	for _, t := range busTables {
		if table == t || (strings.HasSuffix(t, "_") && strings.HasPrefix(table, t)) {
			return true
		}
	}
	return false
}

// ownership maps each table to the owners that declare it.
type ownership struct {
	owners map[string][]string
}

func newOwnership() *ownership { return &ownership{owners: make(map[string][]string)} }

func (o *ownership) add(owner string, tables []string) {
	for _, t := range tables {
		if !slices.Contains(o.owners[t], owner) {
			o.owners[t] = append(o.owners[t], owner)
			sort.Strings(o.owners[t])
		}
	}
}

// ownersOf returns who declares table. River's tables belong to the bus
// even though River, not the bus, creates them.
func (o *ownership) ownersOf(table string) []string {
	if owners := o.owners[table]; len(owners) > 0 {
		return owners
	}
	if strings.HasPrefix(table, "river_") {
		return []string{"platform/" + eventbusPlatform}
	}
	return nil
}

// collectOwnership reads the OwnedTables declarations of pkgs.
func collectOwnership(pkgs []*packages.Package) *ownership {
	own := newOwnership()
	for _, p := range pkgs {
		owner := classify(p.PkgPath).owner()
		if owner == "" || p.TypesInfo == nil {
			continue
		}
		if d, _ := declaredTables(p.Fset, p.Syntax, p.TypesInfo); d != nil {
			own.add(owner, d.tables)
		}
	}
	return own
}

// tableDecl is one package's OwnedTables declaration.
type tableDecl struct {
	name   *ast.Ident
	file   string // base name of the declaring file
	tables []string
}

// declProblem is a malformed OwnedTables declaration.
type declProblem struct {
	pos    token.Pos
	target string
	msg    string
}

// declaredTables reads a package's OwnedTables from its syntax and
// constant values; nothing is guessed from names.
func declaredTables(fset *token.FileSet, files []*ast.File, info *types.Info) (*tableDecl, []declProblem) {
	var decl *tableDecl
	var problems []declProblem
	for _, f := range files {
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if name.Name != ownedTablesVar {
						continue
					}
					decl = &tableDecl{name: name, file: filepath.Base(fset.Position(name.Pos()).Filename)}
					var lit *ast.CompositeLit
					if i < len(vs.Values) {
						lit, _ = ast.Unparen(vs.Values[i]).(*ast.CompositeLit)
					}
					if lit == nil || !isStringSlice(info.TypeOf(lit)) {
						problems = append(problems, declProblem{name.Pos(), ownedTablesVar,
							"OwnedTables must be initialised with a []string{...} literal of string constants"})
						continue
					}
					for _, elt := range lit.Elts {
						tv := info.Types[elt]
						if tv.Value == nil || tv.Value.Kind() != constant.String {
							problems = append(problems, declProblem{elt.Pos(), ownedTablesVar,
								"OwnedTables elements must be string constants, so the owner can be read without running code"})
							continue
						}
						t := strings.ToLower(constant.StringVal(tv.Value))
						if slices.Contains(decl.tables, t) {
							problems = append(problems, declProblem{elt.Pos(), t, "table " + t + " is listed twice in OwnedTables"})
							continue
						}
						decl.tables = append(decl.tables, t)
					}
				}
			}
		}
	}
	return decl, problems
}

func isStringSlice(t types.Type) bool {
	s, ok := types.Unalias(t).(*types.Slice)
	if !ok {
		return false
	}
	b, ok := s.Elem().Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func (s *suite) runOwnedTables(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	decl, problems := declaredTables(pass.Fset, pass.Files, pass.TypesInfo)
	for _, p := range problems {
		s.report(pass, p.pos, p.target, "%s", p.msg)
	}
	if decl == nil {
		if me.Kind == kindModuleRoot && len(pass.Files) > 0 {
			s.report(pass, pass.Files[0].Name.Pos(), ownedTablesVar,
				"module %s declares no OwnedTables; add var OwnedTables = []string{...} to %s (an empty list if it has no tables)", me.Module, tablesFile)
		}
		return nil, nil
	}
	if me.Kind != kindModuleRoot && me.Kind != kindPlatform {
		s.report(pass, decl.name.Pos(), ownedTablesVar,
			"%s declares OwnedTables, but only module roots and platform packages own tables", me.describe())
		return nil, nil
	}
	if me.Kind == kindModuleRoot && decl.file != tablesFile {
		s.report(pass, decl.name.Pos(), ownedTablesVar, "OwnedTables is declared in %s; declare it in %s", decl.file, tablesFile)
	}
	for _, t := range decl.tables {
		if owners := s.own.ownersOf(t); len(owners) > 1 {
			s.report(pass, decl.name.Pos(), t, "table %s is declared by %s; a table has one owner", t, strings.Join(owners, " and "))
		}
	}
	return nil, nil
}
