package archcheck

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// uiForbidden is the one table of what HTTP handlers may not call. A
// handler causes side effects only through Actions, which record events in
// their transaction; listeners and jobs do the rest.
var uiForbidden = []uiTarget{
	{What: "the outbox", Platform: outboxPlatform},
	{What: "WhatsApp queueing", Module: whatsappModule, NamePrefix: "Queue", OwnModuleMay: true},
	{What: "a tracking write", Module: "tracking", ActionsOnly: true, OwnModuleMay: true},
	{What: "a River job insert", PkgPath: riverPkg, NamePrefix: "Insert", MethodsOnly: true},
	{What: "event recording", Platform: eventbusPlatform, Recv: "Bus", Name: "Record"},
	{What: "job scheduling", Platform: eventbusPlatform, Recv: "Bus", NamePrefix: "Schedule"},
	{What: "job scheduling", JobsPkg: true, NamePrefix: "Schedule"},
}

const (
	riverPkg         = "github.com/riverqueue/river"
	eventbusPlatform = "eventbus"
)

// uiTarget matches functions and methods; every set field must match.
type uiTarget struct {
	What string // for messages

	Platform string // declared in internal/platform/<Platform>/...
	Module   string // declared in the root package of module <Module>
	JobsPkg  bool   // declared in any module's jobs package
	PkgPath  string // declared in this import path

	Recv        string // declared on this named type
	Name        string // exactly this name
	NamePrefix  string // a name starting with this
	MethodsOnly bool   // methods only
	ActionsOnly bool   // Actions (non-read exported methods on *Module) only

	// OwnModuleMay exempts handlers of the module the target belongs to
	// (tracking's own pixel endpoint calls tracking Actions).
	OwnModuleMay bool
}

func (t uiTarget) matches(fn *types.Func, handler pkgInfo) bool {
	if fn.Pkg() == nil {
		return false
	}
	decl := classify(fn.Pkg().Path())
	recv := recvNamed(fn)
	switch {
	case t.Platform != "" && !(decl.Kind == kindPlatform && decl.Platform == t.Platform),
		t.Module != "" && !(decl.Kind == kindModuleRoot && decl.Module == t.Module),
		t.JobsPkg && decl.Kind != kindJobs,
		t.PkgPath != "" && fn.Pkg().Path() != t.PkgPath,
		t.Recv != "" && (recv == nil || recv.Name() != t.Recv),
		t.Name != "" && fn.Name() != t.Name,
		t.NamePrefix != "" && !strings.HasPrefix(fn.Name(), t.NamePrefix),
		t.MethodsOnly && recv == nil,
		t.OwnModuleMay && handler.Module != "" && decl.Module == handler.Module:
		return false
	}
	if t.ActionsOnly {
		mm, ok := asModuleMethod(fn)
		return ok && !mm.Read
	}
	return true
}

func forbiddenForUI(fn *types.Func, handler pkgInfo) (uiTarget, bool) {
	for _, t := range uiForbidden {
		if t.matches(fn, handler) {
			return t, true
		}
	}
	return uiTarget{}, false
}

// isHandlerSig reports whether sig takes (http.ResponseWriter, *http.Request),
// whatever it returns: the platform router's handlers return an error.
func isHandlerSig(sig *types.Signature) bool {
	if sig == nil || sig.Params().Len() != 2 {
		return false
	}
	w, ok := types.Unalias(sig.Params().At(0).Type()).(*types.Named)
	if !ok || w.Obj().Pkg() == nil || w.Obj().Pkg().Path() != "net/http" || w.Obj().Name() != "ResponseWriter" {
		return false
	}
	p, ok := types.Unalias(sig.Params().At(1).Type()).(*types.Pointer)
	if !ok {
		return false
	}
	r, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && r.Obj().Pkg() != nil && r.Obj().Pkg().Path() == "net/http" && r.Obj().Name() == "Request"
}

// uiHit is a forbidden call reachable from a function body.
type uiHit struct {
	callee *types.Func
	target uiTarget
	via    []string // helpers between the handler and the call
}

func (s *suite) runUISideEffects(pass *analysis.Pass) (any, error) {
	me := classify(pass.Pkg.Path())
	switch me.Kind {
	case kindModuleRoot, kindModuleSub, kindModulePrivate:
		// Handlers live in the module root; a handler moved to a
		// subpackage is held to the same rule.
	default:
		return nil, nil
	}

	// Functions of this package, to follow calls from handlers into
	// helpers. Calls into Actions and read APIs are not followed: a
	// handler may call them, whatever they do inside their transaction.
	bodies := make(map[*types.Func]*ast.FuncDecl)
	for _, f := range pass.Files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			if fn, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				if _, isModuleMethod := asModuleMethod(fn); !isModuleMethod {
					bodies[fn] = fd
				}
			}
		}
	}
	memo := make(map[*types.Func]*uiHit)
	visiting := make(map[*types.Func]bool)
	var refHit func(fn *types.Func) *uiHit
	// bodyHit finds the first forbidden call in a helper's body.
	bodyHit := func(fn *types.Func) *uiHit {
		if h, ok := memo[fn]; ok || visiting[fn] {
			return h
		}
		visiting[fn] = true
		var hit *uiHit
		forEachFuncUse(pass.TypesInfo, bodies[fn].Body, func(_ *ast.Ident, callee *types.Func) {
			if hit == nil {
				hit = refHit(callee)
			}
		})
		visiting[fn] = false
		memo[fn] = hit
		return hit
	}
	// refHit says whether a reference to fn is, or leads through helpers
	// of this package to, a forbidden call.
	refHit = func(fn *types.Func) *uiHit {
		if t, ok := forbiddenForUI(fn, me); ok {
			return &uiHit{callee: fn, target: t}
		}
		if _, ok := bodies[fn]; !ok {
			return nil
		}
		h := bodyHit(fn)
		if h == nil {
			return nil
		}
		return &uiHit{callee: h.callee, target: h.target, via: append([]string{fn.Name()}, h.via...)}
	}

	reportAll := func(name string, body ast.Node) {
		forEachFuncUse(pass.TypesInfo, body, func(id *ast.Ident, fn *types.Func) {
			hit := refHit(fn)
			if hit == nil {
				return
			}
			via := ""
			if len(hit.via) > 0 {
				via = " (through " + strings.Join(hit.via, " -> ") + ")"
			}
			s.report(pass, id.Pos(), funcLabel(hit.callee),
				"HTTP handler %s calls %s%s, which is %s; handlers cause side effects only through Actions and the events they record",
				name, funcLabel(hit.callee), via, hit.target.What)
		})
	}

	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body == nil {
					return false
				}
				fn, _ := pass.TypesInfo.Defs[n.Name].(*types.Func)
				if fn != nil && isHandlerSig(fn.Type().(*types.Signature)) {
					reportAll(n.Name.Name, n.Body)
					return false
				}
			case *ast.FuncLit:
				sig, _ := pass.TypesInfo.TypeOf(n).(*types.Signature)
				if isHandlerSig(sig) {
					reportAll("func literal", n.Body)
					return false
				}
			}
			return true
		})
	}
	return nil, nil
}
