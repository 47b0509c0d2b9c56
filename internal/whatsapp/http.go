package whatsapp

import (
	"net/http"

	"github.com/academy/academy/internal/platform/web"
)

func actor(r *http.Request) string {
	p, _ := web.PrincipalFrom(r.Context())
	return p.Name
}

func (m *Module) handleReceiveInboundMessage(w http.ResponseWriter, r *http.Request) error {
	var in ReceiveInboundMessageInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	res, err := m.ReceiveInboundMessage(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if res.Duplicate {
		status = http.StatusOK
	}
	return web.JSON(w, status, res)
}

func (m *Module) handleGetConversation(w http.ResponseWriter, r *http.Request) error {
	c, err := m.GetConversation(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, c)
}

func (m *Module) handleListMessages(w http.ResponseWriter, r *http.Request) error {
	ms, err := m.ListMessages(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, messageList{Messages: ms})
}

func (m *Module) handleAssignConversation(w http.ResponseWriter, r *http.Request) error {
	var in AssignConversationInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ConversationID, in.ActorUserID = r.PathValue("id"), actor(r)
	a, err := m.AssignConversation(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, a)
}

func (m *Module) handleCreateB2bLeadFromConversation(w http.ResponseWriter, r *http.Request) error {
	var in CreateB2bLeadFromConversationInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ConversationID, in.ActorUserID = r.PathValue("id"), actor(r)
	l, err := m.CreateB2bLeadFromConversation(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, l)
}

func (m *Module) handleSendWhatsAppReply(w http.ResponseWriter, r *http.Request) error {
	var in SendWhatsAppReplyInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ConversationID, in.ActorUserID = r.PathValue("id"), actor(r)
	msg, err := m.SendWhatsAppReply(r.Context(), in)
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusCreated, msg)
}

func (m *Module) handleGetMessage(w http.ResponseWriter, r *http.Request) error {
	msg, err := m.GetMessage(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return web.JSON(w, http.StatusOK, msg)
}

func (m *Module) handleQueueTemplateMessage(w http.ResponseWriter, r *http.Request) error {
	var in QueueTemplateMessageInput
	if err := web.Decode(r, &in); err != nil {
		return err
	}
	in.ActorUserID = actor(r)
	q, err := m.QueueTemplateMessage(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if q.Duplicate {
		status = http.StatusOK
	}
	return web.JSON(w, status, q)
}

// messageList is the answer of GET /api/whatsapp/conversations/{id}/messages.
type messageList struct {
	Messages []Message `json:"messages"`
}
