package outbox_test

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// smtpServer is a real SMTP server on loopback, small enough to script:
// it answers each DATA with the next scripted reply (then 250), and counts
// the messages it accepted.
type smtpServer struct {
	ln      net.Listener
	mu      sync.Mutex
	replies []string // replies to DATA's final ".", in order, then "250 OK"; "DROP" hangs up instead
	tries   int
	bodies  []string
}

func startSMTP(t *testing.T, replies ...string) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln, replies: replies}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

// accepted returns the bodies of accepted messages; tries counts every DATA.
func (s *smtpServer) accepted() (bodies []string, tries int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies...), s.tries
}

func (s *smtpServer) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	w := bufio.NewWriter(conn)
	say := func(line string) { fmt.Fprintf(w, "%s\r\n", line); w.Flush() }
	say("220 localhost ESMTP test")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-localhost")
			say("250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL"), strings.HasPrefix(cmd, "RCPT"), strings.HasPrefix(cmd, "RSET"), strings.HasPrefix(cmd, "NOOP"):
			say("250 OK")
		case cmd == "DATA":
			say("354 go ahead")
			var body strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				body.WriteString(l)
			}
			s.mu.Lock()
			s.tries++
			reply := "250 OK queued"
			if len(s.replies) > 0 {
				reply, s.replies = s.replies[0], s.replies[1:]
			}
			if strings.HasPrefix(reply, "250") || reply == "DROP" {
				s.bodies = append(s.bodies, body.String())
			}
			s.mu.Unlock()
			if reply == "DROP" {
				return // took the message, then lost the connection before answering
			}
			say(reply)
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("502 not implemented")
		}
	}
}
