package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/academy/academy/internal/platform/apperr"
)

// Router registers routes with the roles allowed to call them. Every route
// but the public ones needs a bearer token.
type Router struct {
	mux    *http.ServeMux
	auth   *authenticator
	routes []Route
}

// Route is one registered endpoint, as listed in the OpenAPI document.
type Route struct {
	Method string
	Path   string
	// Roles may call the route; nil for a public route.
	Roles []Role
	// Summary is a one-line description of the operation.
	Summary string
	// Request is the body the route reads; nil when it reads none.
	Request *Body
	// Responses are the bodies of its success answers, by HTTP status.
	Responses map[int]Body
}

// NewRouter returns a router that accepts the given tokens.
func NewRouter(tokens []Token) *Router {
	return &Router{mux: http.NewServeMux(), auth: newAuthenticator(tokens)}
}

// Handle registers h for a Go ServeMux pattern such as
// "POST /api/attendance-sessions", callable by the given roles. The options
// describe its bodies in the OpenAPI document.
func (rt *Router) Handle(pattern string, roles []Role, h HandlerFunc, opts ...RouteOption) {
	rt.record(pattern, roles, opts)
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		p, err := rt.auth.authenticate(r)
		if err == nil && !slices.Contains(roles, p.Role) {
			err = apperr.Errorf(apperr.Forbidden, "role %s may not call %s", p.Role, pattern)
		}
		if err == nil {
			err = h(w, r.WithContext(requestContext(r, p)))
		}
		if err != nil {
			WriteError(w, r, err)
		}
	})
}

// Public registers a handler that needs no token, such as /healthz.
func (rt *Router) Public(pattern string, h HandlerFunc, opts ...RouteOption) {
	rt.record(pattern, nil, opts)
	rt.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			WriteError(w, r, err)
		}
	})
}

// ServeHTTP serves the registered routes. An unknown path gets a
// problem+json 404; a known path called with a method it lacks gets a
// problem+json 405 with an Allow header. (ServeMux's own answers are plain
// text, and mux.Handler reports both cases as an empty pattern.)
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := rt.mux.Handler(r); pattern == "" {
		if allow := rt.allowed(r); len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			WriteError(w, r, apperr.Errorf(apperr.MethodNotAllowed, "%s does not allow %s; use %s",
				r.URL.Path, r.Method, strings.Join(allow, " or ")))
			return
		}
		WriteError(w, r, apperr.Errorf(apperr.NotFound, "no route for %s %s", r.Method, r.URL.Path))
		return
	}
	rt.mux.ServeHTTP(w, r)
}

// methods are the ones allowed asks the mux about.
var methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions}

// allowed lists the methods that r's path has a route for. It runs only
// for requests that matched nothing, so asking the mux once per method
// costs the served routes nothing.
func (rt *Router) allowed(r *http.Request) []string {
	var out []string
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := rt.mux.Handler(probe); pattern != "" {
			out = append(out, m)
		}
	}
	return out
}

func (rt *Router) record(pattern string, roles []Role, opts []RouteOption) {
	method, path, _ := strings.Cut(pattern, " ")
	r := Route{Method: method, Path: path, Roles: roles}
	for _, opt := range opts {
		opt(&r)
	}
	rt.routes = append(rt.routes, r)
}

// Routes lists the registered routes in registration order.
func (rt *Router) Routes() []Route { return slices.Clone(rt.routes) }
