package web

import (
	"regexp"
	"strings"
)

var pathParam = regexp.MustCompile(`\{([a-zA-Z]+)\}`)

// OpenAPI builds an OpenAPI 3.1 document from the registered routes: every
// path and method, its path parameters, who may call it, and the shared
// problem+json error answers. Request and response bodies are described as
// JSON objects; their fields are documented by the Action input types.
func (rt *Router) OpenAPI(title, version string) map[string]any {
	paths := map[string]map[string]any{}
	for _, r := range rt.routes {
		item := paths[r.Path]
		if item == nil {
			item = map[string]any{}
			paths[r.Path] = item
		}
		op := map[string]any{
			"operationId": operationID(r),
			"responses": map[string]any{
				"2XX": map[string]any{"description": "Success", "content": jsonContent(map[string]any{"type": "object"})},
				"4XX": map[string]any{"$ref": "#/components/responses/Problem"},
				"5XX": map[string]any{"$ref": "#/components/responses/Problem"},
			},
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
		if r.Method == "POST" || r.Method == "PUT" || r.Method == "PATCH" {
			op["requestBody"] = map[string]any{"content": jsonContent(map[string]any{"type": "object"})}
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
			"schemas": map[string]any{"Problem": map[string]any{
				"type":     "object",
				"required": []string{"type", "title", "status", "code"},
				"properties": map[string]any{
					"type":   map[string]any{"type": "string"},
					"title":  map[string]any{"type": "string"},
					"status": map[string]any{"type": "integer"},
					"detail": map[string]any{"type": "string"},
					"code":   map[string]any{"type": "string", "enum": []string{"invalid", "not_found", "conflict", "unauthorized", "forbidden", "unavailable", "internal"}},
					"errors": map[string]any{"type": "array", "items": map[string]any{
						"type":       "object",
						"properties": map[string]any{"field": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}},
					}},
				},
			}},
		},
	}
}

func jsonContent(schema map[string]any) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": schema}}
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
