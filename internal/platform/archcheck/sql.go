package archcheck

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// sqlWrite is one table write found in SQL text.
type sqlWrite struct {
	Verb  string // INSERT, UPDATE, DELETE, ...
	Table string // lower case, without schema or quotes
}

// ident matches a possibly quoted, possibly schema-qualified table name.
const sqlIdent = `((?:"[^"]+"|` + "`[^`]+`" + `|\[[^\]]+\]|[a-z_][a-z0-9_$]*)(?:\.(?:"[^"]+"|` + "`[^`]+`" + `|[a-z_][a-z0-9_$]*))?)`

var (
	sqlComment = regexp.MustCompile(`(?s)/\*.*?\*/|--[^\n]*`)
	sqlWriteRe = []struct {
		verb string
		re   *regexp.Regexp
	}{
		{"INSERT", regexp.MustCompile(`(?i)\binsert\s+(?:or\s+[a-z]+\s+)?into\s+` + sqlIdent)},
		{"REPLACE", regexp.MustCompile(`(?i)\breplace\s+into\s+` + sqlIdent)},
		{"UPDATE", regexp.MustCompile(`(?i)\bupdate\s+(?:or\s+[a-z]+\s+)?(?:only\s+)?` + sqlIdent + `(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s+set\b`)},
		{"DELETE", regexp.MustCompile(`(?i)\bdelete\s+from\s+(?:only\s+)?` + sqlIdent)},
		{"TRUNCATE", regexp.MustCompile(`(?i)\btruncate\s+table\s+(?:only\s+)?` + sqlIdent)},
		{"MERGE", regexp.MustCompile(`(?i)\bmerge\s+into\s+` + sqlIdent)},
	}
)

// sqlWrites returns the tables that SQL text writes. It is a heuristic: it
// reads statements from text, so it also sees "delete from carts" in a
// sentence, and cannot see a table name built at run time.
func sqlWrites(sql string) []sqlWrite {
	sql = sqlComment.ReplaceAllString(sql, " ")
	var out []sqlWrite
	for _, w := range sqlWriteRe {
		for _, m := range w.re.FindAllStringSubmatch(sql, -1) {
			table := m[1]
			if i := strings.LastIndexByte(table, '.'); i >= 0 {
				table = table[i+1:]
			}
			table = strings.ToLower(strings.Trim(table, "\"`[]"))
			if table == "set" { // ON CONFLICT ... DO UPDATE SET
				continue
			}
			out = append(out, sqlWrite{Verb: w.verb, Table: table})
		}
	}
	return out
}

// forEachSQLWrite calls fn for every table write in the package's constant
// strings. A concatenation of constants is read as one string. Strings
// passed to errors, fmt.Errorf and loggers are messages, not SQL.
func forEachSQLWrite(pass *analysis.Pass, fn func(pos token.Pos, w sqlWrite)) {
	for _, f := range pass.Files {
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.ImportSpec, *ast.Field:
				return false // import paths and struct tags
			case *ast.BasicLit, *ast.BinaryExpr:
				tv := pass.TypesInfo.Types[n.(ast.Expr)]
				if tv.Value != nil && tv.Value.Kind() == constant.String {
					if !isMessageArg(pass.TypesInfo, stack) {
						for _, w := range sqlWrites(constant.StringVal(tv.Value)) {
							fn(n.Pos(), w)
						}
					}
					return false
				}
			}
			stack = append(stack, n)
			return true
		})
	}
}

// messagePkgs take human messages, never SQL.
var messagePkgs = map[string]bool{"errors": true, "log": true, "log/slog": true, "testing": true}

// isMessageArg reports whether the node above stack's top is a call to an
// error or logging function.
func isMessageArg(info *types.Info, stack []ast.Node) bool {
	if len(stack) == 0 {
		return false
	}
	call, ok := stack[len(stack)-1].(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := calledFunc(info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	return messagePkgs[fn.Pkg().Path()] || (fn.Pkg().Path() == "fmt" && fn.Name() == "Errorf")
}

// calledFunc returns the function or method a call calls statically.
func calledFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // generic instantiation f[T](...)
		if sel, ok := fun.X.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else if i, ok := fun.X.(*ast.Ident); ok {
			id = i
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return funcOrigin(fn)
}

func (s *suite) runCrossModuleWrite(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	writer := me.owner()
	forEachSQLWrite(pass, func(pos token.Pos, w sqlWrite) {
		if isBusTable(w.Table) {
			return // rule record-in-tx
		}
		owners := s.own.ownersOf(w.Table)
		switch {
		case len(owners) == 0:
			s.report(pass, pos, w.Table,
				"%s writes table %s (%s), which no OwnedTables declares (heuristic, from SQL text); declare it in its owner's %s, or baseline the finding",
				me.describe(), w.Table, w.Verb, tablesFile)
		case !slices.Contains(owners, writer):
			s.report(pass, pos, w.Table,
				"%s writes table %s (%s), which belongs to %s; change another module's data through its Actions (heuristic, from SQL text)",
				me.describe(), w.Table, w.Verb, strings.Join(owners, " and "))
		}
	})
	return nil, nil
}

func isRiverInsert(fn *types.Func) bool {
	recv := recvNamed(fn)
	return fn.Pkg() != nil && fn.Pkg().Path() == riverPkg && recv != nil && recv.Name() == "Client" &&
		strings.HasPrefix(fn.Name(), "Insert")
}

func isBusRecord(fn *types.Func) bool {
	recv := recvNamed(fn)
	if fn.Pkg() == nil || recv == nil || recv.Name() != "Bus" || fn.Name() != "Record" {
		return false
	}
	p := classify(fn.Pkg().Path())
	return p.Kind == kindPlatform && p.Platform == eventbusPlatform && p.Sub == ""
}

func (s *suite) runRecordInTx(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	if me.Kind == kindPlatform && me.Platform == eventbusPlatform {
		return nil, nil
	}
	forEachSQLWrite(pass, func(pos token.Pos, w sqlWrite) {
		if isBusTable(w.Table) {
			s.report(pass, pos, w.Table,
				"%s writes the event bus's table %s (%s) with SQL (heuristic, from SQL text); record events with (*eventbus.Bus).Record in the Action's transaction",
				me.describe(), w.Table, w.Verb)
		}
	})
	for _, f := range pass.Files {
		forEachFuncUse(pass.TypesInfo, f, func(id *ast.Ident, fn *types.Func) {
			if isRiverInsert(fn) {
				s.report(pass, id.Pos(), "river."+fn.Name(),
					"%s calls River's %s directly; jobs are enqueued through the event bus, in the caller's transaction", me.describe(), fn.Name())
			}
		})
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fn := calledFunc(pass.TypesInfo, call)
			if fn != nil && isBusRecord(fn) && len(call.Args) >= 2 && pass.TypesInfo.Types[call.Args[1]].IsNil() {
				s.report(pass, call.Args[1].Pos(), "eventbus.(*Bus).Record",
					"%s passes a nil transaction to (*eventbus.Bus).Record; record events inside the Action's transaction", me.describe())
			}
			return true
		})
	}
	return nil, nil
}
