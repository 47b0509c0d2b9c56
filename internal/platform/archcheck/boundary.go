package archcheck

import (
	"go/ast"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// forEachFuncUse calls fn for every identifier in root that refers to a
// function or method, whether called or taken as a method value.
func forEachFuncUse(info *types.Info, root ast.Node, fn func(id *ast.Ident, f *types.Func)) {
	ast.Inspect(root, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return true
		}
		if f, ok := info.Uses[id].(*types.Func); ok {
			fn(id, funcOrigin(f))
		}
		return true
	})
}

func importPath(spec *ast.ImportSpec) string {
	p, err := strconv.Unquote(spec.Path.Value)
	if err != nil {
		return ""
	}
	return p
}

// hasPathPrefix reports whether path is prefix or below it.
func hasPathPrefix(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func (s *suite) runListenerBoundary(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	if me.Kind != kindListeners && me.Kind != kindJobs {
		return nil, nil
	}
	role := "listener"
	if me.Kind == kindJobs {
		role = "job"
	}
	for _, f := range pass.Files {
		for _, spec := range f.Imports {
			path := importPath(spec)
			other := classify(path)
			if other.isModule() && other.Module != me.Module && (other.Kind == kindListeners || other.Kind == kindJobs) {
				s.report(pass, spec.Pos(), path,
					"%s code of module %s imports %s, another module's %s package; react to that module's events instead",
					role, me.Module, path, strings.SplitN(other.Sub, "/", 2)[0])
			}
		}
		forEachFuncUse(pass.TypesInfo, f, func(id *ast.Ident, fn *types.Func) {
			via := ""
			if action := actionBehindInterface(pass.Pkg, fn); action != nil {
				fn, via = action, " through an interface"
			}
			mm, ok := asModuleMethod(fn)
			if !ok || mm.Read || mm.Module == me.Module {
				return
			}
			s.report(pass, id.Pos(), funcLabel(fn),
				"%s code of module %s calls %s%s, an Action of module %s; use its events or its Get/List/Find/Count/Lookup read APIs",
				role, me.Module, funcLabel(fn), via, mm.Module)
		})
	}
	return nil, nil
}

// Provider clients and who may use them.
const (
	whatsappModule = "whatsapp"
	cloudAPISub    = "internal/cloudapi" // below internal/whatsapp
	outboxPlatform = "outbox"
)

// mailImports may be imported only by internal/platform/outbox.
var mailImports = []string{"github.com/wneessen/go-mail", "net/smtp"}

func isCloudAPI(p pkgInfo) bool {
	return p.Module == whatsappModule && hasPathPrefix(p.Sub, cloudAPISub)
}

func (s *suite) runProviderBoundary(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	if !(me.Kind == kindPlatform && me.Platform == outboxPlatform) {
		for _, f := range pass.Files {
			for _, spec := range f.Imports {
				path := importPath(spec)
				for _, m := range mailImports {
					if hasPathPrefix(path, m) {
						s.report(pass, spec.Pos(), path,
							"%s imports %s; only internal/platform/outbox sends email, so queue a message through the outbox", me.describe(), path)
					}
				}
			}
		}
	}

	mayCallCloudAPI := isCloudAPI(me) || (me.Module == whatsappModule && (me.Kind == kindListeners || me.Kind == kindJobs))
	if mayCallCloudAPI {
		return nil, nil
	}
	for _, f := range pass.Files {
		forEachFuncUse(pass.TypesInfo, f, func(id *ast.Ident, fn *types.Func) {
			if fn.Pkg() == nil || !isCloudAPI(classify(fn.Pkg().Path())) {
				return
			}
			// Constructors are wiring: module.go builds the client
			// and hands it to the send job.
			if recvNamed(fn) == nil && strings.HasPrefix(fn.Name(), "New") {
				return
			}
			s.report(pass, id.Pos(), funcLabel(fn),
				"%s calls %s, the WhatsApp Cloud API client; only whatsapp's listeners and jobs may call it, so queue the message instead",
				me.describe(), funcLabel(fn))
		})
	}
	return nil, nil
}

// actionBehindInterface returns the Action that an interface method call
// most likely reaches: a method with the same name and signature on the
// Module type of a module root that pkg imports. Listeners take other
// modules as small interfaces, which the compiler wires to *Module.
func actionBehindInterface(pkg *types.Package, fn *types.Func) *types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) || !fn.Exported() || isReadName(fn.Name()) {
		return nil
	}
	for _, imp := range pkg.Imports() {
		if classify(imp.Path()).Kind != kindModuleRoot {
			continue
		}
		mod, ok := imp.Scope().Lookup("Module").(*types.TypeName)
		if !ok {
			continue
		}
		obj, _, _ := types.LookupFieldOrMethod(types.NewPointer(mod.Type()), false, imp, fn.Name())
		if m, ok := obj.(*types.Func); ok && types.Identical(m.Type(), fn.Type()) {
			return m
		}
	}
	return nil
}
