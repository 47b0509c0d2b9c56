package whatsapp_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/academy/academy/internal/corporate"
	"github.com/academy/academy/internal/course"
	"github.com/academy/academy/internal/enrollment"
	enrollmentevents "github.com/academy/academy/internal/enrollment/events"
	"github.com/academy/academy/internal/platform/clock"
	"github.com/academy/academy/internal/platform/db"
	"github.com/academy/academy/internal/platform/db/dbtest"
	"github.com/academy/academy/internal/platform/eventbus"
	"github.com/academy/academy/internal/platform/eventbus/eventbustest"
	"github.com/academy/academy/internal/platform/outbox"
	"github.com/academy/academy/internal/platform/web/webtest"
	"github.com/academy/academy/internal/user"
	"github.com/academy/academy/internal/whatsapp"
	"github.com/academy/academy/internal/whatsapp/jobs"
	"github.com/academy/academy/internal/whatsapp/listeners"
)

// graphAPI is a fake WhatsApp Cloud API: it answers each send with the
// next scripted reply, then with success, in the Graph API's shapes, and
// keeps what it received.
type graphAPI struct {
	srv     *httptest.Server
	mu      sync.Mutex
	replies []graphReply
	sends   []graphSend
}

type graphReply struct {
	status     int
	retryAfter string
	body       string
}

type graphSend struct {
	at             time.Time
	auth           string
	idempotencyKey string
	body           map[string]any
}

func graphErrorBody(code int, message string) string {
	b, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": message, "type": "OAuthException", "code": code, "error_subcode": 2494010, "fbtrace_id": "A1b2C3",
	}})
	return string(b)
}

func newGraphAPI(t *testing.T, replies ...graphReply) *graphAPI {
	t.Helper()
	g := &graphAPI{replies: replies}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v21.0/"+businessNumberID+"/messages" {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, graphErrorBody(803, "Unknown path components"))
			return
		}
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		g.mu.Lock()
		g.sends = append(g.sends, graphSend{at: time.Now(), auth: r.Header.Get("Authorization"),
			idempotencyKey: r.Header.Get("Idempotency-Key"), body: body})
		n := len(g.sends)
		rep := graphReply{status: http.StatusOK, body: fmt.Sprintf(
			`{"messaging_product":"whatsapp","contacts":[{"input":%q,"wa_id":%q}],"messages":[{"id":"wamid.out%d"}]}`,
			body["to"], body["to"], n)}
		if len(g.replies) > 0 {
			rep, g.replies = g.replies[0], g.replies[1:]
		}
		g.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if rep.retryAfter != "" {
			w.Header().Set("Retry-After", rep.retryAfter)
		}
		w.WriteHeader(rep.status)
		_, _ = io.WriteString(w, rep.body)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func (g *graphAPI) received() []graphSend {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]graphSend(nil), g.sends...)
}

// world is Academy's WhatsApp path with everything real but Meta: a
// started bus, the outbox, the whatsapp module with its listeners and
// sender, and the user, course and enrollment modules whose facts it
// reacts to.
type world struct {
	*bundle
	graph      *graphAPI
	api        *webtest.Client
	courses    *course.Module
	enrollment *enrollment.Module
}

func setupWorld(t *testing.T, d *db.DB, cfg whatsapp.Config, outboxCfg outbox.Config, replies ...graphReply) *world {
	t.Helper()
	graph := newGraphAPI(t, replies...)
	if cfg.APIURL == "" {
		cfg.APIURL = graph.srv.URL + "/v21.0"
	}
	clk := clock.System{}
	bus, err := eventbus.New(eventbus.Config{DB: d, Clock: clk, Logger: discard, PollInterval: 20 * time.Millisecond})
	require.NoError(t, err)
	users, err := user.New(user.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	courses, err := course.New(course.Deps{DB: d.DB, Clock: clk})
	require.NoError(t, err)
	enr, err := enrollment.New(enrollment.Deps{DB: d.DB, Bus: bus, Clock: clk, Users: users, CourseSessions: courses})
	require.NoError(t, err)
	corp, err := corporate.New(corporate.Deps{DB: d.DB, Bus: bus, Clock: clk})
	require.NoError(t, err)

	senders := map[outbox.Channel]outbox.Sender{}
	outboxCfg.DB, outboxCfg.Bus, outboxCfg.Clock, outboxCfg.Senders = d.DB, bus, clk, senders
	outboxCfg.SendTimeout = 5 * time.Second
	if outboxCfg.Backoff == nil {
		outboxCfg.Backoff = func(int) time.Duration { return time.Millisecond }
	}
	box, err := outbox.New(outboxCfg)
	require.NoError(t, err)

	m, err := whatsapp.New(whatsapp.Deps{DB: d.DB, Bus: bus, Clock: clk, Leads: corp, Users: users, Outbox: box, Config: cfg, Logger: discard})
	require.NoError(t, err)
	listeners.Register(listeners.Deps{DB: d.DB, Bus: bus, WhatsApp: m, Outbox: box, Users: users, Courses: courses})
	sender, err := jobs.NewSender(jobs.SenderConfig{Config: cfg, WhatsApp: m, Logger: discard})
	require.NoError(t, err)
	senders[outbox.WhatsApp] = sender // as the app does: the outbox holds this map

	require.NoError(t, bus.Start(context.Background()))
	t.Cleanup(func() { _ = bus.Stop(context.Background()) })
	b := &bundle{db: d, bus: bus, users: users, corporate: corp, outbox: box, m: m}
	return &world{bundle: b, graph: graph, api: webtest.New(t, b.m.Routes), courses: courses, enrollment: enr}
}

// configured is a complete provider configuration for the fake Graph API.
func configured() whatsapp.Config {
	return whatsapp.Config{PhoneNumberID: businessNumberID, Token: "test-access-token", AppSecret: appSecret, VerifyToken: verifyToken}
}

// waitOutbox waits until the outbox message with key reaches state.
func (w *world) waitOutbox(t *testing.T, key string, state outbox.State) outbox.Message {
	t.Helper()
	var m outbox.Message
	require.Eventually(t, func() bool {
		msgs, err := w.outbox.List(context.Background(), outbox.Query{Key: key})
		require.NoError(t, err)
		if len(msgs) == 1 {
			m = msgs[0]
		}
		return m.State == state
	}, 30*time.Second, 10*time.Millisecond, "outbox message %s never reached %s (last: %+v)", key, state, m)
	return m
}

// reply opens a conversation with an inbound message and sends a staff
// reply in it.
func (w *world) reply(t *testing.T, text string) whatsapp.Message {
	t.Helper()
	conv := w.conversation(t)
	msg, err := w.m.SendWhatsAppReply(context.Background(), freeText(conv.ID, text))
	require.NoError(t, err)
	return msg
}

func (w *world) postStatus(t *testing.T, providerID, status, key string) {
	t.Helper()
	body := metaDelivery(businessNumberID, nil, []map[string]any{statusUpdate(providerID, status, key)})
	code, res := postWebhook(t, w.api, body, sign(appSecret, body))
	require.Equal(t, http.StatusOK, code, res)
}

func TestReplyIsSentOnceThroughTransientFailures(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, configured(), outbox.Config{},
			graphReply{status: 500, body: graphErrorBody(131000, "Something went wrong")},
			graphReply{status: 503, body: graphErrorBody(131016, "Service unavailable")})
		reply := w.reply(t, "Hi Ana, how many people?")
		key := whatsapp.ReplyOutboxKey(reply.ID)

		sent := w.waitOutbox(t, key, outbox.Sent)
		require.Equal(t, 3, sent.Attempts)
		require.Equal(t, "wamid.out3", sent.ProviderMessageID)
		sends := w.graph.received()
		require.Len(t, sends, 3, "two failures, one success, nothing more")
		for _, s := range sends {
			require.Equal(t, "Bearer test-access-token", s.auth)
			require.Empty(t, s.idempotencyKey, "no Idempotency-Key header: http.Transport would retry the POST by itself")
			require.Equal(t, map[string]any{"preview_url": false, "body": "Hi Ana, how many people?"}, s.body["text"])
			require.Equal(t, "34600111222", s.body["to"])
			require.Equal(t, key, s.body["biz_opaque_callback_data"])
		}
		msg, err := w.m.GetMessage(context.Background(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusAccepted, msg.Status)
		require.Equal(t, "wamid.out3", msg.ProviderMessageID)

		// Meta's status callbacks reach the outbox row and the message.
		w.postStatus(t, "wamid.out3", "delivered", key)
		sent = w.waitOutbox(t, key, outbox.Sent)
		require.Equal(t, "delivered", sent.ProviderStatus)
		w.postStatus(t, "wamid.out3", "read", key)
		w.postStatus(t, "wamid.out3", "delivered", key) // late and out of order
		sent = w.waitOutbox(t, key, outbox.Sent)
		require.Equal(t, "read", sent.ProviderStatus)
		msg, err = w.m.GetMessage(context.Background(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusRead, msg.Status)

		eventbustest.WaitDelivered(t, w.bus, 10*time.Second)
		require.Len(t, w.graph.received(), 3)
	})
}

func TestRejectedMessageFailsWithoutRetry(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, configured(), outbox.Config{},
			graphReply{status: 400, body: graphErrorBody(100, "(#100) Invalid parameter")})
		reply := w.reply(t, "Hi Ana")
		key := whatsapp.ReplyOutboxKey(reply.ID)

		failed := w.waitOutbox(t, key, outbox.Failed)
		require.Equal(t, 1, failed.Attempts)
		require.Contains(t, failed.LastError, "WhatsApp Cloud API 400 (code 100, subcode 2494010): (#100) Invalid parameter")
		time.Sleep(300 * time.Millisecond) // a retry, were there one, would be due by now
		require.Len(t, w.graph.received(), 1)

		msg, err := w.m.GetMessage(context.Background(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusFailed, msg.Status)
		require.Contains(t, msg.StatusReason, "Invalid parameter")
	})
}

func TestRateLimitedSendWaitsForRetryAfter(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, configured(), outbox.Config{},
			graphReply{status: 429, retryAfter: "1", body: graphErrorBody(130429, "Rate limit hit")})
		reply := w.reply(t, "Hi Ana")

		sent := w.waitOutbox(t, whatsapp.ReplyOutboxKey(reply.ID), outbox.Sent)
		require.Equal(t, 2, sent.Attempts)
		sends := w.graph.received()
		require.Len(t, sends, 2)
		require.GreaterOrEqual(t, sends[1].at.Sub(sends[0].at), time.Second, "the retry waited for Retry-After")
	})
}

func TestFailedStatusCallbackFailsTheOutboxMessage(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, configured(), outbox.Config{})
		reply := w.reply(t, "Hi Ana")
		key := whatsapp.ReplyOutboxKey(reply.ID)
		sent := w.waitOutbox(t, key, outbox.Sent)

		w.postStatus(t, sent.ProviderMessageID, "failed", key)
		failed := w.waitOutbox(t, key, outbox.Failed)
		require.Equal(t, "failed", failed.ProviderStatus)
		require.Equal(t, "131026 Message undeliverable", failed.LastError)
		msg, err := w.m.GetMessage(context.Background(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusFailed, msg.Status)
		require.Equal(t, "131026 Message undeliverable", msg.StatusReason)
		require.Len(t, w.graph.received(), 1)
	})
}

func TestEnrollmentTemplatesGoOnlyToPeopleWhoOptedIn(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, configured(), outbox.Config{})
		ctx := context.Background()
		c, err := w.courses.CreateCourse(ctx, course.CreateCourseInput{Title: "Go 101", PriceAmount: 50000, Currency: "BRL", ActorUserID: "admin"})
		require.NoError(t, err)
		startsAt := time.Date(2031, 3, 3, 9, 0, 0, 0, time.UTC)
		session, err := w.courses.ScheduleCourseSession(ctx, course.ScheduleCourseSessionInput{
			CourseID: c.ID, StartsAt: startsAt, EndsAt: startsAt.Add(8 * time.Hour), Capacity: 10, ActorUserID: "admin",
		})
		require.NoError(t, err)
		ana := w.person(t, "ana@example.com", "+34600111222", true)
		bo := w.person(t, "bo@example.com", "+34600333444", false)

		enroll := func(u user.User) enrollment.Enrollment {
			e, err := w.enrollment.CreateEnrollment(ctx, enrollment.CreateEnrollmentInput{
				CourseSessionID: session.ID, UserID: u.ID, Source: enrollmentevents.SourceWeb, ActorUserID: "admin",
			})
			require.NoError(t, err)
			return e
		}
		anaEnrollment, boEnrollment := enroll(ana), enroll(bo)
		_, err = w.enrollment.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: anaEnrollment.ID, ActorUserID: "admin"})
		require.NoError(t, err)
		_, err = w.enrollment.ConfirmEnrollment(ctx, enrollment.ConfirmEnrollmentInput{EnrollmentID: boEnrollment.ID, ActorUserID: "admin"})
		require.NoError(t, err)

		created := w.waitOutbox(t, "enrollment-created:"+anaEnrollment.ID+":whatsapp", outbox.Sent)
		confirmed := w.waitOutbox(t, "enrollment-confirmed:"+anaEnrollment.ID+":whatsapp", outbox.Sent)
		require.Equal(t, "+34600111222", created.To)
		require.Equal(t, listeners.TemplateEnrollmentReceived, created.TemplateName)
		require.Equal(t, listeners.TemplateEnrollmentConfirmed, confirmed.TemplateName)
		require.NotEmpty(t, created.SourceEventID)
		eventbustest.WaitDelivered(t, w.bus, 10*time.Second)

		// Bo did not opt in: no message was stored, queued or sent.
		all, err := w.outbox.List(ctx, outbox.Query{})
		require.NoError(t, err)
		require.Len(t, all, 2)
		sends := w.graph.received()
		require.Len(t, sends, 2)
		params := []any{
			map[string]any{"type": "text", "text": "Ana Ruiz"},
			map[string]any{"type": "text", "text": "Go 101"},
			map[string]any{"type": "text", "text": "Monday 3 March 2031 at 09:00 UTC"},
		}
		for _, s := range sends {
			require.Equal(t, "34600111222", s.body["to"])
			require.Equal(t, "template", s.body["type"])
			tpl := s.body["template"].(map[string]any)
			require.Equal(t, map[string]any{"code": "en"}, tpl["language"])
			require.Equal(t, []any{map[string]any{"type": "body", "parameters": params}}, tpl["components"])
		}
		require.Equal(t, 1, w.count(t, "whatsapp_conversations"))
		require.Equal(t, 2, w.count(t, "whatsapp_messages"))
	})
}

func TestUnconfiguredWhatsAppFailsVisibly(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setupWorld(t, d, whatsapp.Config{AppSecret: appSecret}, outbox.Config{MaxAttempts: 2})
		reply := w.reply(t, "Hi Ana")
		failed := w.waitOutbox(t, whatsapp.ReplyOutboxKey(reply.ID), outbox.Failed)
		require.Equal(t, 2, failed.Attempts)
		require.Contains(t, failed.LastError, "WhatsApp is not configured")
		require.Empty(t, w.graph.received())
		msg, err := w.m.GetMessage(context.Background(), reply.ID)
		require.NoError(t, err)
		require.Equal(t, whatsapp.StatusFailed, msg.Status, "the message shows what the outbox gave up on")
	})
}

// The whole path is also reachable over HTTP, as staff use it.
func TestReplyOverHTTPIsDelivered(t *testing.T) {
	t.Parallel()
	w := setupWorld(t, dbtest.Open(t, db.SQLite), configured(), outbox.Config{})
	conv := w.conversation(t)
	status, body := w.api.Do("POST", "/api/whatsapp/conversations/"+conv.ID+"/replies", webtest.StaffToken, map[string]any{"text": "Hi Ana"})
	require.Equal(t, http.StatusCreated, status, body)
	w.waitOutbox(t, whatsapp.ReplyOutboxKey(body["id"].(string)), outbox.Sent)
}
