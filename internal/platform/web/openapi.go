package web

import (
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

var pathParam = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

// OpenAPI builds an OpenAPI 3.1 document from the registered routes: every
// path and method, its path parameters, who may call it, the shared
// problem+json error answers, and the request and response bodies that its
// RouteOptions name, as JSON Schema derived from their Go types.
func (rt *Router) OpenAPI(title, version string) map[string]any {
	paths := map[string]map[string]any{}
	gen := newSchemas()
	for _, r := range rt.routes {
		item := paths[r.Path]
		if item == nil {
			item = map[string]any{}
			paths[r.Path] = item
		}
		responses := map[string]any{
			"4XX": map[string]any{"$ref": "#/components/responses/Problem"},
			"5XX": map[string]any{"$ref": "#/components/responses/Problem"},
		}
		if len(r.Responses) == 0 {
			responses["2XX"] = map[string]any{"description": "Success"}
		}
		for _, status := range slices.Sorted(maps.Keys(r.Responses)) {
			responses[strconv.Itoa(status)] = map[string]any{
				"description": http.StatusText(status),
				"content":     gen.content(r.Responses[status], false),
			}
		}
		op := map[string]any{"operationId": operationID(r), "responses": responses}
		if r.Summary != "" {
			op["summary"] = r.Summary
		}
		if tag, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(r.Path, "/api/"), "/"), "/"); tag != "" {
			op["tags"] = []string{tag}
		}
		if r.Roles == nil {
			op["security"] = []any{}
		} else {
			roles := make([]string, len(r.Roles))
			for i, role := range r.Roles {
				roles[i] = string(role)
			}
			op["x-roles"] = roles
			op["description"] = "Roles: " + strings.Join(roles, ", ") + "."
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.Request != nil {
			op["requestBody"] = map[string]any{"required": !r.Request.Optional, "content": gen.content(*r.Request, true)}
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi":  "3.1.0",
		"info":     map[string]any{"title": title, "version": version},
		"paths":    paths,
		"security": []any{map[string]any{"bearer": []any{}}},
		"components": map[string]any{
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
			"responses": map[string]any{"Problem": map[string]any{
				"description": "RFC 9457 problem details; 422 and 400 name the bad fields",
				"content":     map[string]any{"application/problem+json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
			}},
			"schemas": gen.withProblem(),
		},
	}
}

// problemCodes lists the codes a Problem may carry: those statusOf maps.
func problemCodes() []string {
	out := make([]string, 0, len(statusOf))
	for c := range statusOf {
		out = append(out, string(c))
	}
	slices.Sort(out)
	return out
}

// withProblem returns the components with the problem+json body.
func (s *schemas) withProblem() map[string]any {
	defs := maps.Clone(s.defs)
	defs["Problem"] = map[string]any{
		"type":     "object",
		"required": []string{"type", "title", "status", "code"},
		"properties": map[string]any{
			"type":   map[string]any{"type": "string"},
			"title":  map[string]any{"type": "string"},
			"status": map[string]any{"type": "integer"},
			"detail": map[string]any{"type": "string"},
			"code":   map[string]any{"type": "string", "enum": problemCodes()},
			"errors": map[string]any{"type": "array", "items": map[string]any{
				"type":       "object",
				"properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}},
			}},
		},
	}
	return defs
}

// content is the OpenAPI content map of a body, by media type.
func (s *schemas) content(b Body, request bool) map[string]any {
	media := func(schema map[string]any) map[string]any { return map[string]any{"schema": schema} }
	switch {
	case b.Part != "":
		file := map[string]any{"type": "string", "contentMediaType": "application/octet-stream"}
		return map[string]any{"multipart/form-data": media(map[string]any{
			"type": "object", "required": []string{b.Part}, "properties": map[string]any{b.Part: file},
		})}
	case len(b.MediaTypes) > 0:
		c := map[string]any{}
		for _, mt := range b.MediaTypes {
			c[mt] = media(map[string]any{"type": "string", "contentMediaType": mt})
		}
		return c
	case request:
		return map[string]any{"application/json": media(s.request(b.Type))}
	default:
		return map[string]any{"application/json": media(s.response(b.Type))}
	}
}

func operationID(r Route) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(r.Method))
	for _, part := range strings.FieldsFunc(r.Path, func(c rune) bool { return c == '/' || c == '-' || c == '{' || c == '}' }) {
		if part == "api" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
