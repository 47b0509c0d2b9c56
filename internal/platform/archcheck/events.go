package archcheck

import (
	"go/types"
	"reflect"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/tools/go/analysis"
)

// eventType is a type in an events package that has at least one of the
// event contract methods.
type eventType struct {
	obj     *types.TypeName
	named   *types.Named
	name    *types.Func // EventName, if declared
	version *types.Func // EventVersion, if declared
}

// eventTypes finds the event types of an events package, in source order.
func eventTypes(pass *analysis.Pass) []eventType {
	if classify(pass.Pkg.Path()).Kind != kindEvents {
		return nil
	}
	var out []eventType
	scope := pass.Pkg.Scope()
	for _, n := range scope.Names() {
		tn, ok := scope.Lookup(n).(*types.TypeName)
		if !ok || tn.IsAlias() {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		ev := eventType{obj: tn, named: named}
		for m := range named.Methods() {
			switch m.Name() {
			case "EventName":
				ev.name = m
			case "EventVersion":
				ev.version = m
			}
		}
		if ev.name != nil || ev.version != nil {
			out = append(out, ev)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].obj.Pos() < out[j].obj.Pos() })
	return out
}

func (s *suite) runEventShape(pass *analysis.Pass) (any, error) {
	for _, ev := range eventTypes(pass) {
		s.checkEventShape(pass, ev)
	}
	return nil, nil
}

func (s *suite) checkEventShape(pass *analysis.Pass, ev eventType) {
	name := ev.obj.Name()
	checkMethod := func(m *types.Func, method, result string) {
		if m == nil {
			s.report(pass, ev.obj.Pos(), name+"."+method,
				"event type %s has no %s() %s method; an event needs both EventName() string and EventVersion() int", name, method, result)
			return
		}
		sig := m.Type().(*types.Signature)
		if sig.Params().Len() != 0 || sig.Results().Len() != 1 || sig.Results().At(0).Type().String() != result {
			s.report(pass, m.Pos(), name+"."+method, "%s.%s must have the signature %s() %s", name, method, method, result)
		}
	}
	checkMethod(ev.name, "EventName", "string")
	checkMethod(ev.version, "EventVersion", "int")

	for m := range ev.named.Methods() {
		if _, ptr := m.Type().(*types.Signature).Recv().Type().(*types.Pointer); ptr {
			s.report(pass, m.Pos(), name+"."+m.Name(),
				"event type %s has pointer-receiver method %s; event methods must use value receivers so the value itself is an eventbus.Event", name, m.Name())
		}
	}

	st, ok := ev.named.Underlying().(*types.Struct)
	if !ok {
		s.report(pass, ev.obj.Pos(), name, "event type %s is a %s, not a struct", name, kindOf(ev.named.Underlying()))
		return
	}
	hasOccurredAt := false
	for f := range st.Fields() {
		if f.Name() == "OccurredAt" && isTimeTime(f.Type()) {
			hasOccurredAt = true
		}
		if why := unsafeFieldType(f.Type()); why != "" {
			s.report(pass, f.Pos(), name+"."+f.Name(),
				"event field %s.%s has type %s (%s); event fields must be string, bool, integers, time.Time or named string/int ID types",
				name, f.Name(), types.TypeString(f.Type(), types.RelativeTo(pass.Pkg)), why)
		}
	}
	if !hasOccurredAt {
		s.report(pass, ev.obj.Pos(), name+".OccurredAt", "event type %s has no OccurredAt time.Time field", name)
	}
}

func isTimeTime(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Time"
}

// unsafeFieldType returns why t is not allowed in an event, or "".
func unsafeFieldType(t types.Type) string {
	t = types.Unalias(t)
	if isTimeTime(t) {
		return ""
	}
	if n, ok := t.(*types.Named); ok {
		if b, ok := n.Underlying().(*types.Basic); ok && safeBasic(b) {
			return "" // a named scalar such as type EnrollmentID string
		}
		if why := unsafeFieldType(n.Underlying()); why != "" {
			return why
		}
		return "named type"
	}
	switch u := t.(type) {
	case *types.Basic:
		switch {
		case safeBasic(u):
			return ""
		case u.Info()&types.IsFloat != 0:
			return "floating point: use integer minor units"
		}
		return u.Name() + " is not a safe scalar"
	case *types.Slice:
		if b, ok := types.Unalias(u.Elem()).(*types.Basic); ok && b.Kind() == types.Byte {
			return "raw bytes"
		}
	}
	return kindOf(t)
}

func safeBasic(b *types.Basic) bool {
	info := b.Info()
	switch {
	case b.Kind() == types.Uintptr || b.Kind() == types.UnsafePointer:
		return false
	case info&types.IsString != 0, info&types.IsBoolean != 0, info&types.IsInteger != 0:
		return true
	}
	return false
}

func kindOf(t types.Type) string {
	switch t := types.Unalias(t).(type) {
	case *types.Basic:
		return t.Name()
	case *types.Pointer:
		return "pointer"
	case *types.Map:
		return "map"
	case *types.Slice:
		return "slice"
	case *types.Array:
		return "array"
	case *types.Interface:
		return "interface"
	case *types.Struct:
		return "nested struct"
	case *types.Chan:
		return "channel"
	case *types.Signature:
		return "func"
	case *types.TypeParam:
		return "type parameter"
	}
	return "non-scalar"
}

func (s *suite) runEventSecrets(pass *analysis.Pass) (any, error) {
	for _, ev := range eventTypes(pass) {
		st, ok := ev.named.Underlying().(*types.Struct)
		if !ok {
			continue
		}
		for i := range st.NumFields() {
			f := st.Field(i)
			what, why := sensitiveField(f, st.Tag(i))
			if what == "" {
				continue
			}
			s.report(pass, f.Pos(), ev.obj.Name()+"."+f.Name(),
				"event field %s.%s looks like %s (%s); events are stored forever and fanned out, so carry an ID and look the value up",
				ev.obj.Name(), f.Name(), what, why)
		}
	}
	return nil, nil
}

// sensitiveNames maps what a word suggests; multi-word entries are matched
// against consecutive words of an identifier.
var sensitiveNames = []struct {
	words []string
	what  string
}{
	{[]string{"secret"}, "a secret"},
	{[]string{"token"}, "a token"},
	{[]string{"tokens"}, "a token"},
	{[]string{"password"}, "a password"},
	{[]string{"passwd"}, "a password"},
	{[]string{"passphrase"}, "a password"},
	{[]string{"pwd"}, "a password"},
	{[]string{"otp"}, "a one-time password"},
	{[]string{"credential"}, "a credential"},
	{[]string{"credentials"}, "a credential"},
	{[]string{"cookie"}, "a credential"},
	{[]string{"apikey"}, "an API key"},
	{[]string{"api", "key"}, "an API key"},
	{[]string{"private", "key"}, "a private key"},
	{[]string{"access", "key"}, "an access key"},
	{[]string{"secret", "key"}, "a secret"},
	{[]string{"signing", "key"}, "a secret"},
	{[]string{"card", "number"}, "a card number"},
	{[]string{"cvv"}, "a card number"},
	{[]string{"cvc"}, "a card number"},
	{[]string{"iban"}, "a bank account number"},
	{[]string{"email"}, "an email address"},
	{[]string{"e", "mail"}, "an email address"},
	{[]string{"phone"}, "a phone number"},
	{[]string{"mobile"}, "a phone number"},
	{[]string{"msisdn"}, "a phone number"},
	{[]string{"whats", "app", "number"}, "a phone number"},
	{[]string{"whatsapp", "number"}, "a phone number"},
	{[]string{"file", "path"}, "a file path"},
	{[]string{"filepath"}, "a file path"},
	{[]string{"file", "name"}, "a file path"},
	{[]string{"filename"}, "a file path"},
	{[]string{"dir"}, "a file path"},
	{[]string{"directory"}, "a file path"},
	{[]string{"payload"}, "a raw provider payload"},
	{[]string{"raw"}, "a raw provider payload"},
	{[]string{"body"}, "a request body"},
	{[]string{"webhook"}, "a raw provider payload"},
}

// pathWords may stand before "path" in a name that means a file path;
// "path" alone also counts, but "LearningPath" does not.
var pathWords = map[string]bool{"file": true, "dir": true, "local": true, "upload": true, "storage": true, "attachment": true, "disk": true}

// harmlessLast are last words after which a name is about the sensitive
// thing, not the thing itself: TokenID, EmailVerifiedAt, PasswordChanged.
var harmlessLast = map[string]bool{
	"id": true, "ids": true, "count": true, "at": true, "verified": true, "changed": true,
	"set": true, "enabled": true, "len": true, "length": true, "version": true, "kind": true,
	"type": true, "status": true, "expired": true, "expires": true, "valid": true,
}

// sensitiveTypes are library types that carry raw data or personal data.
var sensitiveTypes = map[string]string{
	"net/mail.Address":         "an email address",
	"encoding/json.RawMessage": "a raw provider payload",
	"net/http.Request":         "a request body",
	"net/http.Header":          "a raw provider payload",
	"net/http.Response":        "a raw provider payload",
	"io.Reader":                "a request body",
	"net/url.Userinfo":         "a credential",
}

// sensitiveField returns what a field seems to hold and why, or "".
func sensitiveField(f *types.Var, tag string) (what, why string) {
	t := types.Unalias(f.Type())
	for p, ok := t.(*types.Pointer); ok; p, ok = t.(*types.Pointer) {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok && n.Obj().Pkg() != nil {
		full := n.Obj().Pkg().Path() + "." + n.Obj().Name()
		if w, ok := sensitiveTypes[full]; ok {
			return w, "type " + full
		}
		if w := sensitiveName(n.Obj().Name()); w != "" {
			return w, "type name " + n.Obj().Name()
		}
	}
	// A bool, a time or a count cannot hold the value itself.
	b, ok := f.Type().Underlying().(*types.Basic)
	if ok && b.Info()&(types.IsString|types.IsInteger) == 0 {
		return "", ""
	}
	if ok && b.Info()&types.IsInteger != 0 {
		// Only phone numbers are ever stored as integers.
		if w := sensitiveName(f.Name()); w == "a phone number" {
			return w, "field name"
		}
		return "", ""
	}
	if w := sensitiveName(f.Name()); w != "" {
		return w, "field name"
	}
	if name := jsonName(tag); name != "" {
		if w := sensitiveName(name); w != "" {
			return w, "json name " + name
		}
	}
	return "", ""
}

// sensitiveName returns what an identifier suggests, or "".
func sensitiveName(name string) string {
	words := splitWords(name)
	if len(words) == 0 || harmlessLast[words[len(words)-1]] {
		return ""
	}
	for i, w := range words {
		if w == "path" && (len(words) == 1 || (i > 0 && pathWords[words[i-1]])) {
			return "a file path"
		}
	}
	for _, s := range sensitiveNames {
		for i := 0; i+len(s.words) <= len(words); i++ {
			match := true
			for j, w := range s.words {
				if words[i+j] != w {
					match = false
					break
				}
			}
			if match {
				return s.what
			}
		}
	}
	return ""
}

// splitWords splits a Go identifier or a snake/kebab name into lower-case
// words: "APIKey" -> api, key; "customer_email" -> customer, email.
func splitWords(s string) []string {
	var words []string
	rs := []rune(s)
	start := 0
	flush := func(end int) {
		if end > start {
			words = append(words, strings.ToLower(string(rs[start:end])))
		}
	}
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush(i)
			start = i + 1
		case i > start && unicode.IsUpper(r):
			prev := rs[i-1]
			nextLower := i+1 < len(rs) && unicode.IsLower(rs[i+1])
			if unicode.IsLower(prev) || unicode.IsDigit(prev) || (unicode.IsUpper(prev) && nextLower) {
				flush(i)
				start = i
			}
		}
	}
	flush(len(rs))
	return words
}

// jsonName returns the name in a json struct tag, if any.
func jsonName(tag string) string {
	name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	return name
}
