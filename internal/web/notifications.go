package web

import (
	"net/http"
	"strconv"

	"xieshang/internal/notify"
)

// notificationsData is a page of the actor's notifications.
type notificationsData struct {
	Items []notify.Notification
	Next  string
}

// notifications lists the actor's notifications, newest first.
func (s *Server) notifications(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "消息通知"}
	if r.URL.Query().Get("done") != "" {
		p.Flash = "已全部标为已读。"
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	page, err := s.notices.List(r.Context(), actor(r), false, before, 30)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	d := notificationsData{Items: page.Items}
	if page.Next != 0 {
		d.Next = "/notifications?before=" + strconv.FormatInt(page.Next, 10)
	}
	s.render(w, r, http.StatusOK, notificationsView(p, d), p)
}

// openNotification marks a notification read and goes to what it is about.
func (s *Server) openNotification(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	id := pathID(r)
	if err := s.notices.MarkRead(r.Context(), a, id); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	page, err := s.notices.List(r.Context(), a, false, id+1, 1)
	if err != nil || len(page.Items) == 0 || page.Items[0].ID != id || page.Items[0].Link == "" {
		http.Redirect(w, r, "/notifications", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, page.Items[0].Link, http.StatusSeeOther)
}

// readAllNotifications marks every notification of the actor read.
func (s *Server) readAllNotifications(w http.ResponseWriter, r *http.Request) {
	if _, err := s.notices.MarkAllRead(r.Context(), actor(r)); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, "/notifications?done=1", http.StatusSeeOther)
}
