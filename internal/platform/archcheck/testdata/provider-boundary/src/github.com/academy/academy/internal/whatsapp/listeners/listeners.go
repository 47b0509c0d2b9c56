package listeners

import "github.com/academy/academy/internal/whatsapp/internal/cloudapi"

func OnSomething(c *cloudapi.Client) error { return cloudapi.Ping() }
