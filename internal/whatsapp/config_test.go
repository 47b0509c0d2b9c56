package whatsapp_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/whatsapp"
)

func TestConfig(t *testing.T) {
	t.Parallel()
	require.Equal(t, whatsapp.DefaultAPIURL, whatsapp.Config{}.WithDefaults().APIURL)
	require.NoError(t, whatsapp.Config{}.WithDefaults().Validate(), "everything is optional")
	require.False(t, whatsapp.Config{}.SendingConfigured())
	require.True(t, whatsapp.Config{PhoneNumberID: "1065", Token: "t"}.SendingConfigured())

	tests := []struct {
		name string
		cfg  whatsapp.Config
		want string
	}{
		{"id without token", whatsapp.Config{PhoneNumberID: "1065"}, "whatsapp-phone-number-id and whatsapp-token go together"},
		{"token without id", whatsapp.Config{Token: "t"}, "whatsapp-phone-number-id and whatsapp-token go together"},
		{"id is a path", whatsapp.Config{PhoneNumberID: "1065/messages", Token: "t"}, "whatsapp-phone-number-id must be the numeric id"},
		{"not a URL", whatsapp.Config{APIURL: "graph.facebook.com"}, "whatsapp-api-url"},
		{"other scheme", whatsapp.Config{APIURL: "ftp://graph.facebook.com/v21.0"}, "whatsapp-api-url"},
	}
	for _, tt := range tests {
		err := tt.cfg.WithDefaults().Validate()
		require.ErrorContains(t, err, tt.want, tt.name)
		require.NotContains(t, err.Error(), `"t"`, "the token is never echoed")
	}
}
