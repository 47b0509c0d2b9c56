package store

import "github.com/academy/academy/internal/whatsapp/internal/cloudapi"

func Check() error { return cloudapi.Ping() } // want `internal/whatsapp/internal/store calls cloudapi.Ping`
