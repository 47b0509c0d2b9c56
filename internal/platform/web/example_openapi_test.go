package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/academy/academy/internal/platform/web"
)

// Room is what the example route answers.
type Room struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	OpenedAt time.Time  `json:"openedAt"`
	ClosedAt *time.Time `json:"closedAt,omitempty"`
}

// OpenRoomInput is what the example route decodes.
type OpenRoomInput struct {
	Name string `json:"name"`
	// ActorUserID comes from the token, never from the body.
	ActorUserID string `json:"-"`
}

// The options name the types the handler decodes and writes; the OpenAPI
// document describes them as JSON Schema.
func ExampleReturns() {
	rt := web.NewRouter(nil)
	rt.Handle("POST /api/rooms", web.Staff, func(w http.ResponseWriter, r *http.Request) error {
		var in OpenRoomInput
		if err := web.Decode(r, &in); err != nil {
			return err
		}
		return web.JSON(w, http.StatusCreated, Room{ID: "r-1", Name: in.Name})
	}, web.Accepts[OpenRoomInput](), web.Returns[Room](http.StatusCreated))

	doc := rt.OpenAPI("Rooms", "1")
	op := doc["paths"].(map[string]map[string]any)["/api/rooms"]["post"].(map[string]any)
	show := func(v any) {
		b, _ := json.Marshal(v)
		fmt.Println(string(b))
	}
	show(op["requestBody"])
	show(op["responses"].(map[string]any)["201"])
	show(doc["components"].(map[string]any)["schemas"].(map[string]any)["web_test.Room"])
	// Output:
	// {"content":{"application/json":{"schema":{"additionalProperties":false,"properties":{"name":{"type":"string"}},"type":"object"}}},"required":true}
	// {"content":{"application/json":{"schema":{"$ref":"#/components/schemas/web_test.Room"}}},"description":"Created"}
	// {"properties":{"closedAt":{"format":"date-time","type":["string","null"]},"id":{"type":"string"},"name":{"type":"string"},"openedAt":{"format":"date-time","type":"string"}},"required":["id","name","openedAt"],"type":"object"}
}
