package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/httpx"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
	"xieshang/internal/workday"
)

// proposalListData is a list of proposals with the queues of its viewer.
type proposalListData struct {
	Items   []proposal.Summary
	Queues  []queueTab
	Queue   string
	Now     time.Time
	Next    string
	CanNew  bool
	Staff   bool
	Heading string
	Bulk    bool       // the proposal office's 待交办 queue: bulk assignment
	Units   []org.Unit // handling units, for bulk assignment
}

// queueTab is one tab of the office's queues.
type queueTab struct {
	Key, Label string
	Count      int
	Current    bool
}

// queues are the proposal office's work lists by state.
var queues = []struct {
	key, label string
	states     []proposal.State
	overdue    bool
	key2       bool
}{
	{"review", "待审查", []proposal.State{proposal.Submitted, proposal.FirstReviewed}, false, false},
	{"assign", "待交办", []proposal.State{proposal.Accepted}, false, false},
	{"handling", "办理中", []proposal.State{proposal.Assigned, proposal.Handling, proposal.Rehandling}, false, false},
	{"replies", "待审核答复", []proposal.State{proposal.ReplyReview}, false, false},
	{"evaluating", "待评价", []proposal.State{proposal.Evaluating}, false, false},
	{"overdue", "已超期", nil, true, false},
	{"key", "重点提案", nil, false, true},
	{"closed", "已办结", []proposal.State{proposal.Closed}, false, false},
	{"all", "全部", nil, false, false},
}

// who returns the actor as proposals see them, with their units.
func (s *Server) who(r *http.Request) (proposal.Who, error) {
	return s.proposals.Who(r.Context(), actor(r))
}

// proposalsVersion is the proposals version of who's committee, as read
// with the session when it was.
func (s *Server) proposalsVersion(r *http.Request, who proposal.Who) (int64, error) {
	if v := versions(r); v != nil {
		return v.Proposals, nil
	}
	return s.proposals.ListVersion(r.Context(), who)
}

func isStaff(a authz.Actor) bool {
	return a.Has(authz.ProposalOffice) || a.Has(authz.Office) || a.Has(authz.Leader)
}

// proposalList shows the viewer's proposals: a member's own, a unit's
// assigned ones, the office's queues, the leaders' key proposals, or the
// public ones (view=public).
func (s *Server) proposalList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &Page{Title: "提案", Form: q, Flash: bulkFlash(q)}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	// The body is cached under the committee's proposals version, which
	// every change to its proposals increments, the viewer's standing, the
	// query and the date in China (overdue flags turn at midnight there).
	version, err := s.proposalsVersion(r, who)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	q.Del("assigned")
	q.Del("failed")
	key := "proposals|" + viewerKey(who) + "|" + time.Now().In(workday.CST).Format(time.DateOnly) + "|" + q.Encode()
	body, ok := s.pages.Get(key, version)
	if !ok {
		var cacheable bool
		if body, cacheable, err = s.proposalListBody(r, who, q); err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
		if cacheable {
			s.pages.Put(key, version, body)
		}
	}
	s.render(w, r, http.StatusOK, rawHTML(body), p)
}

// viewerKey says whose list a cached body is: staff see the same lists
// whoever they are (their roles decide the tabs and buttons), a liaison
// its units', anyone else their own.
func viewerKey(who proposal.Who) string {
	a := who.Actor
	k := strconv.FormatInt(a.CommitteeID, 10) + "|"
	for _, r := range a.Roles {
		k += string(r) + ","
	}
	switch {
	case isStaff(a):
		return k
	case a.Has(authz.UnitLiaison):
		for _, u := range who.UnitIDs {
			k += "u" + strconv.FormatInt(u, 10)
		}
		return k
	}
	return k + "|" + strconv.FormatInt(a.UserID, 10)
}

// proposalListBody renders the list the query asks for; the bulk
// assignment form (which lists units) is not to be cached.
func (s *Server) proposalListBody(r *http.Request, who proposal.Who, q url.Values) ([]byte, bool, error) {
	a := who.Actor
	f := proposal.ListFilter{CommitteeID: a.CommitteeID, Category: q.Get("category"), Title: q.Get("q")}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	d := proposalListData{Now: time.Now(), CanNew: a.Has(authz.Member) || a.Has(authz.Convener) || a.Has(authz.Collective), Queue: q.Get("queue")}
	switch {
	case q.Get("view") == "public":
		f.PublicOnly, d.Heading = true, "公开提案"
	case isStaff(a):
		d.Staff = true
		if d.Queue == "" {
			d.Queue = "review"
			if !a.Has(authz.ProposalOffice) {
				d.Queue = "key"
			}
		}
		f.Submitted = true
		counts, err := s.proposals.CountByState(r.Context(), who)
		if err != nil {
			return nil, false, err
		}
		for _, qu := range queues {
			t := queueTab{Key: qu.key, Label: qu.label, Current: qu.key == d.Queue, Count: -1}
			if qu.states != nil {
				t.Count = 0
				for _, st := range qu.states {
					t.Count += counts[st]
				}
			}
			if t.Current {
				f.States, f.OverdueOnly, f.KeyOnly, d.Heading = qu.states, qu.overdue, qu.key2, qu.label
			}
			d.Queues = append(d.Queues, t)
		}
	case a.Has(authz.UnitLiaison):
		d.Heading = "交办本单位的提案"
	default:
		f.UserID, d.Heading = a.UserID, "我的提案"
	}
	f.Limit = pageSize + 1
	items, err := s.proposals.List(r.Context(), who, f)
	if err != nil {
		return nil, false, err
	}
	d.Items = items
	if d.Queue == "assign" && who.Actor.Has(authz.ProposalOffice) && len(items) > 0 {
		d.Bulk = true
		if d.Units, err = s.org.Units(r.Context(), who.Actor, org.Handling); err != nil {
			return nil, false, err
		}
	}
	if len(items) > pageSize {
		d.Items = items[:pageSize]
		nq := url.Values{}
		for k, v := range q {
			nq[k] = v
		}
		nq.Set("before", strconv.FormatInt(d.Items[pageSize-1].ID, 10))
		d.Next = "/proposals?" + nq.Encode()
	}
	var buf bytes.Buffer
	err = proposalListView(&Page{Form: q}, d).Render(r.Context(), &buf)
	return buf.Bytes(), !d.Bulk, err
}

// proposalFormPage shows the drafting form for proposal id (0: new).
func (s *Server) proposalFormPage(w http.ResponseWriter, r *http.Request, id int64, form url.Values, formErr error) {
	a := actor(r)
	p := &Page{Title: "撰写提案", Form: form}
	cfg, err := s.proposals.Config(r.Context(), a.CommitteeID)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	d := proposalFormData{ID: id, Cfg: cfg, CanJoint: a.Has(authz.Member) || a.Has(authz.Convener)}
	if d.Terms, err = s.org.Terms(r.Context(), a); err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	if len(d.Terms) > 0 {
		if d.Sessions, err = s.org.Sessions(r.Context(), a, d.Terms[len(d.Terms)-1].ID); err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
	}
	if d.CanJoint {
		ms, err := s.members.List(r.Context(), a, member.Filter{Limit: 201, Status: member.Serving})
		if err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
		for _, m := range ms {
			if m.UserID != 0 && m.UserID != a.UserID {
				d.Members = append(d.Members, cosignerOption{UserID: m.UserID, Label: m.Name + "(" + m.SectorName + ")"})
			}
		}
	}
	view := proposalFormView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

func (s *Server) newProposal(w http.ResponseWriter, r *http.Request) {
	s.proposalFormPage(w, r, 0, url.Values{"version": {"0"}}, nil)
}

// proposalValues turns a draft into form values.
func proposalValues(pr proposal.Proposal) url.Values {
	v := url.Values{"title": {pr.Title}, "category": {pr.Category}, "situation": {pr.Situation}, "analysis": {pr.Analysis},
		"suggestion": {pr.Suggestion}, "suggested_unit": {pr.SuggestedUnit}, "kind": {string(pr.Kind)},
		"timing": {string(pr.Timing)}, "version": {strconv.Itoa(pr.Version)}, "one_matter": {"1"}}
	if pr.Public {
		v.Set("public", "1")
	}
	if pr.TermID != 0 {
		v.Set("term_id", strconv.FormatInt(pr.TermID, 10))
	}
	if pr.SessionID != 0 {
		v.Set("session_id", strconv.FormatInt(pr.SessionID, 10))
	}
	for _, c := range pr.CoSigners {
		v.Add("cosigner", strconv.FormatInt(c.UserID, 10))
	}
	return v
}

// visibleProposal reads the proposal of the path for the viewer, or
// answers the error page (NotFound for one they may not see) and says no.
func (s *Server) visibleProposal(w http.ResponseWriter, r *http.Request) (proposal.Who, proposal.Proposal, bool) {
	who, err := s.who(r)
	if err == nil {
		var pr proposal.Proposal
		if pr, err = s.proposals.Get(r.Context(), who, pathID(r)); err == nil {
			return who, pr, true
		}
	}
	s.fail(w, r, nil, nil, err)
	return who, proposal.Proposal{}, false
}

func (s *Server) editProposalForm(w http.ResponseWriter, r *http.Request) {
	who, pr, ok := s.visibleProposal(w, r)
	if !ok {
		return
	}
	if pr.State != proposal.Draft || pr.ProposerUserID != who.Actor.UserID {
		http.Redirect(w, r, proposalURL(pr.ID), http.StatusSeeOther)
		return
	}
	s.proposalFormPage(w, r, pr.ID, proposalValues(pr), nil)
}

// saveProposal saves the drafting form (creating the draft on the first
// save) and then, as the button pressed says, invites the co-signers or
// submits. An autosave (X-Autosave) answers JSON instead of a page.
func (s *Server) saveProposal(w http.ResponseWriter, r *http.Request) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	auto := r.Header.Get("X-Autosave") != ""
	then := r.PostFormValue("then")
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	e := contentFromForm(r.PostForm)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	var pr proposal.Proposal
	// Term (the latest if none is chosen), session, serving members; fills names.
	var directory int64 // as read with the session: the term check's answer is remembered under it
	if v := versions(r); v != nil {
		directory = v.Directory
	}
	err = s.proposals.CheckDraftInCurrentTerm(r.Context(), who, &e, directory)
	oneMatter := r.PostFormValue("one_matter") == "1"
	// A new regular proposal submitted at once is one transaction: submitted, or nothing.
	direct := id == 0 && then == "submit" && e.Timing == proposal.Regular && e.Kind != proposal.Joint && oneMatter
	switch {
	case err != nil:
	case direct:
		pr, _, err = s.proposals.CreateAndSubmit(r.Context(), who, proposal.Proposal{Content: e.Content, Kind: e.Kind,
			Timing: e.Timing, TermID: e.TermID})
	case id == 0:
		pr, err = s.proposals.Create(r.Context(), who, proposal.Proposal{Content: e.Content, Kind: e.Kind, Timing: e.Timing,
			TermID: e.TermID, SessionID: e.SessionID, CoSigners: e.CoSigners})
	default:
		pr, _, err = s.proposals.Do(r.Context(), who, id, version, e)
	}
	if err == nil && (then == "submit" || then == "invite") && !oneMatter {
		err = errs.Field("one_matter", "请确认本提案只提一个问题(一事一案)")
	}
	if err == nil && !direct {
		switch then {
		case "submit":
			if pr.Timing == proposal.Plenary {
				pr, _, err = s.proposals.SubmitPlenary(r.Context(), who, pr.ID, pr.Version)
			} else {
				pr, _, err = s.proposals.Do(r.Context(), who, pr.ID, pr.Version, proposal.Submit{})
			}
		case "invite":
			pr, _, err = s.proposals.Do(r.Context(), who, pr.ID, pr.Version, proposal.Invite{})
		}
	}
	if auto {
		if err != nil {
			http.Error(w, errs.Message(err), httpx.Status(err))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{"id": pr.ID, "version": pr.Version, "action": proposalURL(pr.ID) + "/edit",
			"saved": time.Now().In(workday.CST).Format("15:04:05")})
		return
	}
	if err != nil {
		form := r.PostForm
		if pr.ID != 0 {
			id = pr.ID
			form.Set("version", strconv.Itoa(pr.Version))
		}
		s.proposalFormPage(w, r, id, form, err)
		return
	}
	switch then {
	case "submit", "invite":
		http.Redirect(w, r, proposalURL(pr.ID)+"?done="+then, http.StatusSeeOther)
	default:
		http.Redirect(w, r, proposalURL(pr.ID)+"/edit?done=save", http.StatusSeeOther)
	}
}

var proposalDone = map[string]string{"submit": "提案已提交,提案委员会办公室将进行审查。", "invite": "已邀请联名人确认。",
	"step": "已办理。", "attach": "附件已上传。"}

// proposalPage shows proposal id with the steps its viewer may take.
func (s *Server) proposalPage(w http.ResponseWriter, r *http.Request, id int64, flash string, form url.Values, formErr error) {
	p := &Page{Title: "提案", Flash: flash, Form: form}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	d, _, err := s.buildProposalData(r, who, id)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	p.Title = d.P.Title
	if p.Form == nil {
		p.Form = url.Values{}
	}
	view := proposalView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

// buildProposalData reads what proposal id's page shows to who. The page
// may be cached (see showProposal) unless it shows data that the proposals
// version does not follow: the handling units offered for assignment and
// the proposer's telephone number.
func (s *Server) buildProposalData(r *http.Request, who proposal.Who, id int64) (proposalData, bool, error) {
	pr, events, err := s.proposals.Timeline(r.Context(), who, id)
	if err != nil {
		return proposalData{}, false, err
	}
	cfg, err := s.proposals.Config(r.Context(), pr.CommitteeID)
	if err != nil {
		return proposalData{}, false, err
	}
	now := time.Now()
	d := proposalData{P: pr, Events: compactEdits(events), Cfg: cfg, Acts: map[proposal.Action]bool{}, UnitActs: map[int64]map[proposal.Action]bool{},
		Overdue: pr.Overdue(now), Today: now.In(workday.CST).Format(time.DateOnly),
		CanDraft: pr.State == proposal.Draft && pr.ProposerUserID == who.Actor.UserID}
	for _, act := range proposal.Actions {
		if !act.OnUnit() {
			if proposal.Allowed(pr, who, act, 0, now, cfg) == nil {
				d.Acts[act] = true
			}
			continue
		}
		for _, u := range pr.Units {
			if proposal.Allowed(pr, who, act, u.UnitID, now, cfg) == nil {
				if d.UnitActs[u.UnitID] == nil {
					d.UnitActs[u.UnitID] = map[proposal.Action]bool{}
				}
				d.UnitActs[u.UnitID][act] = true
			}
		}
	}
	if d.Acts[proposal.ActAssign] || len(d.UnitActs) > 0 && who.Actor.Has(authz.ProposalOffice) {
		if d.Units, err = s.org.Units(r.Context(), who.Actor, org.Handling); err != nil {
			return proposalData{}, false, err
		}
	}
	if len(who.UnitIDs) > 0 {
		d.Contact = s.proposerContact(r, pr)
	}
	if d.Attachments, err = s.proposals.Attachments(r.Context(), who, pr.ID); err != nil {
		return proposalData{}, false, err
	}
	d.CanAttach = d.CanDraft || pr.State == proposal.Cosigning && pr.ProposerUserID == who.Actor.UserID
	for _, u := range pr.Units {
		d.CanAttach = d.CanAttach || (pr.State.InHandling() && u.Role.Replies() && slices.Contains(who.UnitIDs, u.UnitID))
	}
	return d, len(d.Units) == 0 && d.Contact == "", nil
}

// proposerContact returns the first proposer's mobile for a handling unit
// of the proposal, or "" (the unit's liaisons may call the proposer; no one
// else sees the number here).
func (s *Server) proposerContact(r *http.Request, pr proposal.Proposal) string {
	mobile, err := s.proposals.ProposerMobile(r.Context(), actor(r), pr.ID)
	if err != nil {
		return ""
	}
	return mobile
}

// showProposal shows a proposal's page. The body is cached per viewer under
// the committee's proposals version (every change to a proposal, its
// attachments included, increments it in the changing transaction) and the
// China date (deadlines and windows turn at midnight there).
func (s *Server) showProposal(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	flash := proposalDone[r.URL.Query().Get("done")]
	p := &Page{Title: "提案", Flash: flash, Form: url.Values{}}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	version, err := s.proposalsVersion(r, who)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	key := "proposal|" + strconv.FormatInt(id, 10) + "|" + viewerKey(who) + "|" + strconv.FormatInt(who.Actor.UserID, 10) +
		"|" + time.Now().In(workday.CST).Format(time.DateOnly)
	if b, ok := s.pages.Get(key, version); ok {
		title, body, _ := bytes.Cut(b, []byte{0})
		p.Title = string(title)
		s.render(w, r, http.StatusOK, rawHTML(body), p)
		return
	}
	d, cacheable, err := s.buildProposalData(r, who, id)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	p.Title = d.P.Title
	var buf bytes.Buffer
	buf.WriteString(strings.ReplaceAll(d.P.Title, "\x00", ""))
	buf.WriteByte(0)
	if err := proposalView(&Page{Form: url.Values{}}, d).Render(r.Context(), &buf); err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	if cacheable {
		s.pages.Put(key, version, buf.Bytes())
	}
	_, body, _ := bytes.Cut(buf.Bytes(), []byte{0})
	s.render(w, r, http.StatusOK, rawHTML(body), p)
}

// proposalStep takes one step from a form of the proposal's page.
func (s *Server) proposalStep(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	act := proposal.Action(r.PathValue("action"))
	if !proposalStepForms[act] {
		s.errorPage(w, r, http.StatusNotFound, "没有这项操作")
		return
	}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	cmd, err := stepFromForm(act, r.PostForm)
	if err == nil {
		cmd, err = s.unitNames(r, cmd)
	}
	if err == nil {
		_, _, err = s.proposals.Do(r.Context(), who, id, version, cmd)
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.proposalPage(w, r, id, "", r.PostForm, err)
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, proposalURL(id)+"?done=step#timeline", http.StatusSeeOther)
}

// unitNames fills in the names of the handling units that an assignment
// or a re-routing names; each must be a handling unit of the committee.
func (s *Server) unitNames(r *http.Request, cmd proposal.Command) (proposal.Command, error) {
	names := func() (map[int64]string, error) {
		units, err := s.org.Units(r.Context(), actor(r), org.Handling)
		out := map[int64]string{}
		for _, u := range units {
			out[u.ID] = u.Name
		}
		return out, err
	}
	unknown := func(id int64) string { return "承办单位(编号 " + strconv.FormatInt(id, 10) + ")不存在" }
	switch c := cmd.(type) {
	case proposal.Assign:
		known, err := names()
		if err != nil {
			return nil, err
		}
		var ck errs.Check
		for i, u := range c.Units {
			name, ok := known[u.UnitID]
			ck.If(!ok, "units", unknown(u.UnitID))
			c.Units[i].Name = name
		}
		return c, ck.Err()
	case proposal.ApproveReturn:
		if c.Replacement.UnitID == 0 {
			return c, nil
		}
		known, err := names()
		if err != nil {
			return nil, err
		}
		name, ok := known[c.Replacement.UnitID]
		if !ok {
			return nil, errs.Field("replacement", unknown(c.Replacement.UnitID))
		}
		c.Replacement.Name = name
		return c, nil
	}
	return cmd, nil
}

// yesNo writes a boolean for people.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// fmtDate writes the China date of t, or "" for zero.
func fmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(workday.CST).Format("2006-01-02")
}

// unitName returns the name of unit id among p's units.
func unitName(p proposal.Proposal, id int64) string {
	for _, u := range p.Units {
		if u.UnitID == id {
			return u.Name
		}
	}
	return ""
}

func replyStatus(s proposal.ReplyStatus) string {
	return map[proposal.ReplyStatus]string{proposal.ReplyPending: "待审核", proposal.ReplyApproved: "审核通过",
		proposal.ReplySentBack: "退回修改"}[s]
}

// bulkAssign assigns every proposal chosen on the 待交办 queue the same way,
// each in its own step; it reports how many were assigned and which not.
func (s *Server) bulkAssign(w http.ResponseWriter, r *http.Request) {
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	cmd, err := stepFromForm(proposal.ActAssign, r.PostForm)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	done, failed := 0, 0
	var first error
	for _, v := range r.PostForm["id"] {
		id, _ := strconv.ParseInt(v, 10, 64)
		if _, _, err := s.proposals.Do(r.Context(), who, id, 0, cmd); err != nil {
			failed++
			if first == nil {
				first = err
			}
			continue
		}
		done++
	}
	if done == 0 && first == nil {
		first = errs.Field("id", "请勾选要交办的提案")
	}
	if done == 0 {
		s.fail(w, r, nil, nil, first)
		return
	}
	http.Redirect(w, r, "/proposals?queue=assign&assigned="+strconv.Itoa(done)+"&failed="+strconv.Itoa(failed), http.StatusSeeOther)
}

// bulkFlash reports a bulk assignment from the counts in the query.
func bulkFlash(q url.Values) string {
	done, err := strconv.Atoi(q.Get("assigned"))
	if err != nil {
		return ""
	}
	msg := "已交办 " + strconv.Itoa(done) + " 件提案。"
	if failed, _ := strconv.Atoi(q.Get("failed")); failed > 0 {
		msg += strconv.Itoa(failed) + " 件未能交办(可能已被他人处理),请逐件查看。"
	}
	return msg
}

// compactEdits keeps only the last of consecutive draft edits (autosave
// saves every few seconds while the member types): the timeline shows
// that the draft was edited, not every keystroke pause.
func compactEdits(evs []proposal.Event) []proposal.Event {
	out := evs[:0:0]
	for i, e := range evs {
		if e.Action == proposal.ActEdit && i+1 < len(evs) && evs[i+1].Action == proposal.ActEdit {
			continue
		}
		out = append(out, e)
	}
	return out
}
