package web

import (
	"net/http"
	"net/url"
	"strconv"

	"xieshang/internal/authz"
	"xieshang/internal/member"
	"xieshang/internal/org"
)

// directoryData is one page of the member directory with its filter menus.
type directoryData struct {
	Members []member.Member
	Lists   org.Lists
	Titles  []string
	Next    string
}

// directory lists the committee's members, searchable by name or pinyin
// (initials too) and filtered by sector, party, special committee and title.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := actor(r)
	f := member.Filter{Query: q.Get("q"), Party: q.Get("party"), Title: q.Get("title"), Limit: pageSize + 1}
	f.SectorID, _ = strconv.ParseInt(q.Get("sector"), 10, 64)
	f.SpecialCommitteeID, _ = strconv.ParseInt(q.Get("special"), 10, 64)
	f.AfterID, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	f.AfterKey = q.Get("key")
	list, err := s.members.List(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "委员名录"}, err)
		return
	}
	lists, err := s.org.Lists(r.Context(), a.CommitteeID)
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "委员名录"}, err)
		return
	}
	d := directoryData{Members: list, Lists: lists, Titles: member.Titles}
	if len(list) > pageSize {
		d.Members = list[:pageSize]
		last := d.Members[pageSize-1]
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("after", strconv.FormatInt(last.ID, 10))
		nq.Set("key", last.SortKey)
		d.Next = "/members?" + nq.Encode()
	}
	p := &Page{Title: "委员名录", Form: q}
	s.render(w, r, http.StatusOK, directoryView(p, d), p)
}

// profileData is one member's page.
type profileData struct {
	M         member.Member
	CanReveal bool
	Revealed  bool
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request, reveal bool) {
	a := actor(r)
	m, err := s.members.Get(r.Context(), a, pathID(r), reveal)
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "委员信息"}, err)
		return
	}
	d := profileData{M: m, Revealed: reveal || (m.UserID != 0 && m.UserID == a.UserID),
		CanReveal: authz.Can(a, authz.ViewUnmasked, authz.Object{CommitteeID: m.CommitteeID})}
	s.render(w, r, http.StatusOK, profileView(d), &Page{Title: m.Name})
}

func (s *Server) memberProfile(w http.ResponseWriter, r *http.Request) { s.profile(w, r, false) }

// revealMember shows the profile with sensitive fields in full; the service
// audits it. It is a POST so that no link, prefetch or cache reveals them.
func (s *Server) revealMember(w http.ResponseWriter, r *http.Request) { s.profile(w, r, true) }

func memberURL(id int64) string { return "/members/" + strconv.FormatInt(id, 10) }
