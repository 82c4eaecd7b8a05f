package web

import (
	"net/http"
	"strconv"

	"xieshang/internal/proposal"
)

// publicData is the public list of a committee's published proposals.
type publicData struct {
	Committees []publicCommittee
	Committee  int64
	Items      []proposal.Summary
	Next       string
}

type publicCommittee struct {
	ID   int64
	Name string
}

// publicProposals lists, without login, the proposals their proposers
// agreed to publish once accepted, for one committee (c, default the first).
func (s *Server) publicProposals(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &Page{Title: "公开提案", Form: q}
	cs, err := s.committees.All(r.Context())
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	var d publicData
	for _, c := range cs {
		d.Committees = append(d.Committees, publicCommittee(c))
	}
	d.Committee, _ = strconv.ParseInt(q.Get("c"), 10, 64)
	if d.Committee == 0 && len(cs) > 0 {
		d.Committee = cs[0].ID
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	items, err := s.proposals.PublicList(r.Context(), d.Committee, before, pageSize+1)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	d.Items = items
	if len(items) > pageSize {
		d.Items = items[:pageSize]
		d.Next = "/public/proposals?c=" + strconv.FormatInt(d.Committee, 10) + "&before=" + strconv.FormatInt(d.Items[pageSize-1].ID, 10)
	}
	s.render(w, r, http.StatusOK, publicListView(p, d), p)
}

// publicProposal shows a published proposal and its timeline without login.
func (s *Server) publicProposal(w http.ResponseWriter, r *http.Request) {
	p := &Page{Title: "公开提案"}
	pr, events, err := s.proposals.PublicTimeline(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	p.Title = pr.Title
	s.render(w, r, http.StatusOK, publicProposalView(p, pr, events), p)
}
