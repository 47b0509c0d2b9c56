package archcheck

import (
	"go/types"
	"strings"
)

// pkgKind says what role a package plays in the project layout.
type pkgKind int

const (
	kindOther         pkgKind = iota // cmd/..., or anything outside internal/
	kindModuleRoot                   // internal/<m>
	kindEvents                       // internal/<m>/events
	kindListeners                    // internal/<m>/listeners/...
	kindJobs                         // internal/<m>/jobs/...
	kindModulePrivate                // internal/<m>/internal/...
	kindModuleSub                    // any other internal/<m>/<sub>
	kindPlatform                     // internal/platform/<p>/...
	kindApp                          // internal/app/...
	kindCLI                          // internal/cli/...
)

// pkgInfo is where a package sits in the layout. It is derived from the
// import path alone: the first "internal" element of the path is the
// project's internal/ folder, so the same rules work for the real module,
// for a checkout under another module path and for GOPATH-style fixtures.
type pkgInfo struct {
	Path     string
	Kind     pkgKind
	Module   string // module name, for the module kinds
	Platform string // platform package name, for kindPlatform
	Sub      string // path below internal/<m>/ or internal/platform/<p>/
}

// nonModules are the internal/ folders that are not business modules.
var nonModules = map[string]pkgKind{"platform": kindPlatform, "app": kindApp, "cli": kindCLI}

func classify(path string) pkgInfo {
	info := pkgInfo{Path: path}
	segs := strings.Split(path, "/")
	i := 0
	for i < len(segs) && segs[i] != "internal" {
		i++
	}
	if i+1 >= len(segs) {
		return info
	}
	name, rest := segs[i+1], segs[i+2:]
	if kind, ok := nonModules[name]; ok {
		info.Kind = kind
		if kind == kindPlatform {
			if len(rest) == 0 {
				info.Kind = kindOther
				return info
			}
			info.Platform, rest = rest[0], rest[1:]
		}
		info.Sub = strings.Join(rest, "/")
		return info
	}
	info.Module = name
	info.Sub = strings.Join(rest, "/")
	switch {
	case len(rest) == 0:
		info.Kind = kindModuleRoot
	case rest[0] == "events":
		info.Kind = kindEvents
	case rest[0] == "listeners":
		info.Kind = kindListeners
	case rest[0] == "jobs":
		info.Kind = kindJobs
	case rest[0] == "internal":
		info.Kind = kindModulePrivate
	default:
		info.Kind = kindModuleSub
	}
	return info
}

// isModule reports whether the package belongs to a business module.
func (p pkgInfo) isModule() bool { return p.Module != "" }

// owner names who a package writes tables as: the module name, or
// "platform/<p>" for platform packages; "" for everything else.
func (p pkgInfo) owner() string {
	switch {
	case p.isModule():
		return p.Module
	case p.Kind == kindPlatform:
		return "platform/" + p.Platform
	}
	return ""
}

// describe names the package in messages, from its internal/ folder on.
func (p pkgInfo) describe() string {
	if i := strings.Index("/"+p.Path+"/", "/internal/"); i >= 0 {
		return p.Path[i:]
	}
	return p.Path
}

// readPrefixes start the names of a module's read APIs; every other
// exported method on *Module is an Action.
var readPrefixes = []string{"Get", "List", "Find", "Count", "Lookup"}

// isReadName reports whether name is a read API name. The prefix must end
// a word, so ListEnrollments is a read but Listen is not.
func isReadName(name string) bool {
	for _, p := range readPrefixes {
		if rest, ok := strings.CutPrefix(name, p); ok {
			if rest == "" || (rest[0] >= 'A' && rest[0] <= 'Z') {
				return true
			}
		}
	}
	return false
}

// funcOrigin returns the generic origin of fn, so methods of instantiated
// types (river.Client[*sql.Tx]) compare equal to their declaration.
func funcOrigin(fn *types.Func) *types.Func {
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

// recvNamed returns the named type a method is declared on, or nil for a
// package-level function or an interface method of an unnamed interface.
func recvNamed(fn *types.Func) *types.TypeName {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Origin().Obj()
	}
	return nil
}

// moduleMethod describes an exported method on a module's *Module type.
type moduleMethod struct {
	Module string
	Name   string
	Read   bool
}

// asModuleMethod reports whether fn is an exported method declared on the
// Module type of a module root package.
func asModuleMethod(fn *types.Func) (moduleMethod, bool) {
	fn = funcOrigin(fn)
	if fn == nil || fn.Pkg() == nil || !fn.Exported() {
		return moduleMethod{}, false
	}
	recv := recvNamed(fn)
	if recv == nil || recv.Name() != "Module" || recv.Pkg() != fn.Pkg() {
		return moduleMethod{}, false
	}
	info := classify(fn.Pkg().Path())
	if info.Kind != kindModuleRoot {
		return moduleMethod{}, false
	}
	return moduleMethod{Module: info.Module, Name: fn.Name(), Read: isReadName(fn.Name())}, true
}

// funcLabel renders fn for messages and baseline targets, e.g.
// "enrollment.(*Module).Enroll" or "outbox.Enqueue".
func funcLabel(fn *types.Func) string {
	fn = funcOrigin(fn)
	pkg := ""
	if fn.Pkg() != nil {
		pkg = fn.Pkg().Name() + "."
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return pkg + fn.Name()
	}
	recv := recvNamed(fn)
	if recv == nil {
		return pkg + fn.Name()
	}
	if _, ptr := sig.Recv().Type().(*types.Pointer); ptr {
		return pkg + "(*" + recv.Name() + ")." + fn.Name()
	}
	return pkg + recv.Name() + "." + fn.Name()
}
