package jobs

import "github.com/academy/academy/internal/whatsapp/internal/cloudapi"

func Send(c *cloudapi.Client) error { return c.SendTemplate("+1", "welcome") }
