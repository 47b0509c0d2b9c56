// Package cloudapi stands in for the WhatsApp Cloud API client.
package cloudapi

type Client struct{}

type Config struct{ Token string }

func New(cfg Config) *Client { return &Client{} }

func (c *Client) SendTemplate(to, name string) error { return nil }

func Ping() error { return nil }

func (c *Client) send() error { return Ping() }
