package web

import (
	"net/http"
	"reflect"
	"strconv"
)

// A RouteOption describes a route for the OpenAPI document. It changes
// nothing about how the route is served: the handler still decodes and
// writes its bodies itself, so the type given here must be the one it uses.
type RouteOption func(*Route)

// Body is a request or response body: JSON of a Go type, a multipart
// upload, or content of other media types.
type Body struct {
	// Type is the Go type of a JSON body.
	Type reflect.Type
	// Part names the multipart/form-data part that carries an uploaded file.
	Part string
	// MediaTypes are the content types of a body that is neither.
	MediaTypes []string
	// Optional is set when a request may come without a body.
	Optional bool
}

// Summary gives the route a one-line description.
func Summary(s string) RouteOption {
	return func(r *Route) { r.Summary = s }
}

// Accepts says that the route decodes its JSON body, which it needs, into a
// T with Decode.
func Accepts[T any]() RouteOption {
	return func(r *Route) { r.Request = &Body{Type: reflect.TypeFor[T]()} }
}

// AcceptsOptional says that the route decodes a JSON body into a T with
// Decode when one is sent, and takes an empty body as a zero T.
func AcceptsOptional[T any]() RouteOption {
	return func(r *Route) { r.Request = &Body{Type: reflect.TypeFor[T](), Optional: true} }
}

// Multipart says that the route takes a multipart/form-data upload with
// the file in the named part.
func Multipart(part string) RouteOption {
	return func(r *Route) { r.Request = &Body{Part: part} }
}

// Returns says that the route answers a T as JSON with the given statuses,
// such as http.StatusCreated for a new resource and http.StatusOK for a
// repeated call that created nothing.
func Returns[T any](status int, more ...int) RouteOption {
	return respond(Body{Type: reflect.TypeFor[T]()}, status, more)
}

// ReturnsMedia says that the route answers with the given status and a
// body of one of the media types, such as a stored file.
func ReturnsMedia(status int, mediaTypes ...string) RouteOption {
	return respond(Body{MediaTypes: mediaTypes}, status, nil)
}

func respond(b Body, status int, more []int) RouteOption {
	return func(r *Route) {
		if r.Responses == nil {
			r.Responses = map[int]Body{}
		}
		for _, s := range append([]int{status}, more...) {
			if http.StatusText(s) == "" {
				panic("web: unknown HTTP status " + strconv.Itoa(s))
			}
			r.Responses[s] = b
		}
	}
}
