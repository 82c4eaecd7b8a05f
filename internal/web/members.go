package web

import (
	"bytes"

	"net/http"
	"net/url"
	"strconv"
	"xieshang/internal/audit"

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
	CanAdd  bool // office staff: the link to the create form
}

// statusOptions are the 状态 filter's choices.
var statusOptions = func() []option {
	var out []option
	for _, st := range member.Statuses {
		out = append(out, option{Value: string(st), Label: st.Name()})
	}
	return out
}()

// option is one choice of a select.
type option struct{ Value, Label string }

// directory lists the committee's members, searchable by name or pinyin
// (initials too) and filtered by sector, party, special committee and title.
// The page's body is cached under the query and the committee's directory
// version, which every change to members or lists increments; a request
// reads the version (one indexed row) and renders only the layout around a
// cached body.
// directoryVersion is the directory version of a's committee, as read with
// the session when it was.
func (s *Server) directoryVersion(r *http.Request, a authz.Actor) (int64, error) {
	if v := versions(r); v != nil && v.Directory > 0 {
		return v.Directory, nil
	}
	return s.members.DirectoryVersion(r.Context(), a)
}

func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	a := actor(r)
	p := &Page{Title: "委员名录", Form: q}
	version, err := s.directoryVersion(r, a)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	canAdd := authz.Can(a, authz.EditMembers, authz.Object{CommitteeID: a.CommitteeID})
	key := strconv.FormatInt(a.CommitteeID, 10) + "|" + strconv.FormatBool(canAdd) + "|" + q.Encode()
	body, ok := s.pages.Get(key, version)
	if !ok {
		if body, err = s.directoryBody(r, a, q, canAdd); err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
		s.pages.Put(key, version, body)
	}
	s.render(w, r, http.StatusOK, rawHTML(body), p)
}

// directoryBody renders the directory's body for query q.
func (s *Server) directoryBody(r *http.Request, a authz.Actor, q url.Values, canAdd bool) ([]byte, error) {
	f := member.Filter{Query: q.Get("q"), Party: q.Get("party"), Title: q.Get("title"), Status: member.Status(q.Get("status")),
		Limit: pageSize + 1}
	f.SectorID, _ = strconv.ParseInt(q.Get("sector"), 10, 64)
	f.SpecialCommitteeID, _ = strconv.ParseInt(q.Get("special"), 10, 64)
	f.AfterID, _ = strconv.ParseInt(q.Get("after"), 10, 64)
	f.AfterKey = q.Get("key")
	list, err := s.members.List(r.Context(), a, f)
	if err != nil {
		return nil, err
	}
	lists, err := s.org.Lists(r.Context(), a.CommitteeID)
	if err != nil {
		return nil, err
	}
	d := directoryData{Members: list, Lists: lists, Titles: member.Titles, CanAdd: canAdd}
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
	var buf bytes.Buffer
	err = directoryView(&Page{Form: q}, d).Render(r.Context(), &buf)
	return buf.Bytes(), err
}

// profileData is one member's page.
type profileData struct {
	M         member.Member
	CanReveal bool
	Revealed  bool
	CanEdit   bool           // office staff: the edit form
	Own       bool           // the actor's own record: the contact form
	OneTime   string         // the password of an account just created, shown once
	Terms     []org.Term     // office staff: a membership form per term
	History   []audit.Stored // office staff: changes to this member, newest first
}

// membershipPrefix prefixes the inputs of the membership form of term id.
func membershipPrefix(termID int64) string { return "ms-" + strconv.FormatInt(termID, 10) + "-" }

// membershipValues are the inputs of the membership forms, keyed by
// prefixed input id, showing m's stored standing in each term.
func membershipValues(m member.Member, terms []org.Term, into url.Values) {
	for _, t := range terms {
		pre := membershipPrefix(t.ID)
		if _, ok := into[pre+"status"]; ok {
			continue // refused input is shown as it was sent
		}
		into.Set(pre+"status", string(member.Serving))
		into.Set(pre+"started_on", fmtDay(t.StartsOn))
		for _, ms := range m.Memberships {
			if ms.TermID == t.ID {
				into.Set(pre+"status", string(ms.Status))
				into.Set(pre+"started_on", fmtDay(ms.StartedOn))
				into.Set(pre+"ended_on", fmtDay(ms.EndedOn))
			}
		}
	}
}

// profileOpts says how to show a profile: revealed, after an action (flash,
// problem, one-time password), or with the contact form's errors.
type profileOpts struct {
	id      int64
	reveal  bool
	flash   string
	problem string
	oneTime string
	form    url.Values
	formErr error
}

func (s *Server) profilePage(w http.ResponseWriter, r *http.Request, o profileOpts) {
	a := actor(r)
	m, err := s.members.Get(r.Context(), a, o.id, o.reveal)
	if err != nil {
		s.fail(w, r, nil, &Page{Title: "委员信息"}, err)
		return
	}
	own := m.UserID != 0 && m.UserID == a.UserID
	d := profileData{M: m, Revealed: o.reveal || own, Own: own, OneTime: o.oneTime,
		CanReveal: authz.Can(a, authz.ViewUnmasked, authz.Object{CommitteeID: m.CommitteeID}),
		CanEdit:   authz.Can(a, authz.EditMembers, authz.Object{CommitteeID: m.CommitteeID})}
	if o.form == nil {
		o.form = url.Values{"mobile": {m.Mobile}, "address": {m.Address}, "version": {strconv.Itoa(m.Version)}}
	}
	if d.CanEdit {
		if d.Terms, err = s.org.Terms(r.Context(), a); err != nil {
			s.fail(w, r, nil, &Page{Title: "委员信息"}, err)
			return
		}
		membershipValues(m, d.Terms, o.form)
		if d.History, err = s.members.History(r.Context(), a, m.ID, 50); err != nil {
			s.fail(w, r, nil, &Page{Title: "委员信息"}, err)
			return
		}
	}
	p := &Page{Title: m.Name, Flash: o.flash, Error: o.problem, Form: o.form}
	view := profileView(p, d)
	if o.formErr != nil {
		s.fail(w, r, view, p, o.formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

var profileDone = map[string]string{"created": "委员已添加。", "saved": "委员信息已保存。", "contact": "联系方式已更新。",
	"membership": "任职情况已更新。", "photo": "照片已更新。"}

func (s *Server) memberProfile(w http.ResponseWriter, r *http.Request) {
	s.profilePage(w, r, profileOpts{id: pathID(r), flash: profileDone[r.URL.Query().Get("done")]})
}

// revealMember shows the profile with sensitive fields in full; the service
// audits it. It is a POST so that no link, prefetch or cache reveals them.
func (s *Server) revealMember(w http.ResponseWriter, r *http.Request) {
	s.profilePage(w, r, profileOpts{id: pathID(r), reveal: true})
}

func memberURL(id int64) string { return "/members/" + strconv.FormatInt(id, 10) }

func sectorURL(id int64) string { return "/sectors/" + strconv.FormatInt(id, 10) }

func specialURL(id int64) string { return "/special-committees/" + strconv.FormatInt(id, 10) }
