package whatsapp

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/academy/academy/internal/platform/apperr"
)

// Template names are lowercase letters, digits and underscores; languages
// are codes such as "en" or "pt_BR".
var (
	templateName     = regexp.MustCompile(`^[a-z0-9_]{1,512}$`)
	templateLanguage = regexp.MustCompile(`^[a-z]{2,3}(_[A-Z]{2})?$`)
)

const (
	maxTemplateParams   = 20
	maxTemplateParamLen = 1024
)

// validateTemplate checks a template message's name, language and body
// parameters, as Meta accepts them.
func validateTemplate(v *apperr.Validation, name, language string, params []string) {
	v.Check(templateName.MatchString(name), "templateName", "must be lowercase letters, digits and underscores")
	if language == "" {
		v.Add("templateLanguage", "is required with templateName")
	} else {
		v.Check(templateLanguage.MatchString(language), "templateLanguage", "must be a language code such as en or pt_BR")
	}
	v.Check(len(params) <= maxTemplateParams, "templateParams", "must have at most %d entries", maxTemplateParams)
	for _, p := range params {
		if utf8.RuneCountInString(p) > maxTemplateParamLen || strings.TrimSpace(p) == "" {
			v.Add("templateParams", "entries must be non-empty and at most %d characters", maxTemplateParamLen)
			break
		}
	}
}

// replyKeyPrefix starts the outbox keys of staff replies; other callers
// may not use it.
const replyKeyPrefix = "whatsapp-reply:"

// ReplyOutboxKey is the outbox idempotency key of the staff reply with the
// given message id: the listener that queues the reply and the status
// callbacks that follow it agree on it.
func ReplyOutboxKey(messageID string) string { return replyKeyPrefix + messageID }
