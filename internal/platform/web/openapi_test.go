package web

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestOpenAPIDescribesBodies(t *testing.T) {
	t.Parallel()
	rt := NewRouter(nil)
	noop := func(http.ResponseWriter, *http.Request) error { return nil }
	rt.Handle("POST /api/rooms", []Role{RoleStaff}, noop, Summary("Open a room"),
		Accepts[room](), Returns[room](http.StatusCreated, http.StatusOK))
	rt.Handle("POST /api/rooms/{id}/close", []Role{RoleStaff}, noop, AcceptsOptional[room]())
	rt.Handle("POST /api/rooms/{id}/photos", []Role{RoleStaff}, noop, Multipart("file"))
	rt.Handle("GET /api/rooms/{id}/photo", []Role{RoleStaff}, noop, ReturnsMedia(http.StatusOK, "image/png"))
	rt.Public("GET /healthz", noop)

	doc := rt.OpenAPI("Test", "1")
	paths := doc["paths"].(map[string]map[string]any)

	require.JSONEq(t, `{
		"operationId": "postRooms", "summary": "Open a room", "tags": ["rooms"],
		"description": "Roles: staff.", "x-roles": ["staff"],
		"requestBody": {"required": true, "content": {"application/json": {"schema":
			{"type":"object","additionalProperties":false,"properties":{"name":{"type":"string"}}}}}},
		"responses": {
			"200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/web.Room"}}}},
			"201": {"description": "Created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/web.Room"}}}},
			"4XX": {"$ref": "#/components/responses/Problem"},
			"5XX": {"$ref": "#/components/responses/Problem"}}}`, mustJSON(t, paths["/api/rooms"]["post"]))

	closeRoom := paths["/api/rooms/{id}/close"]["post"].(map[string]any)
	require.Equal(t, false, closeRoom["requestBody"].(map[string]any)["required"])
	require.JSONEq(t, `{"description": "Success"}`, mustJSON(t, closeRoom["responses"].(map[string]any)["2XX"]))

	require.JSONEq(t, `{"required": true, "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file"],
		"properties": {"file": {"type": "string", "contentMediaType": "application/octet-stream"}}}}}}`,
		mustJSON(t, paths["/api/rooms/{id}/photos"]["post"].(map[string]any)["requestBody"]))
	require.JSONEq(t, `{"image/png": {"schema": {"type": "string", "contentMediaType": "image/png"}}}`,
		mustJSON(t, paths["/api/rooms/{id}/photo"]["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)["content"]))
	require.NotContains(t, paths["/healthz"]["get"], "requestBody")

	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	require.Contains(t, schemas, "web.Room")
	require.Contains(t, schemas, "Problem")
}
