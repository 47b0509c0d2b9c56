// Package mail stands in for github.com/wneessen/go-mail.
package mail

type Client struct{}
