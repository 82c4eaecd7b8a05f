package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/proposal"

	"xieshang/internal/org"
	"xieshang/internal/proposal/report"
	"xieshang/internal/workday"
)

// reportData is the yearly report page: the session chosen, the report as
// sections, and the choices of session.
type reportData struct {
	Title    string
	Sections []report.Section
	Choices  []reportChoice
	Query    string // of the chosen session, for the download links
	Year     int    // the year of the chosen session, for 先进承办单位
	Units    []proposal.ExcellentUnit
	Handling []org.Unit // the proposal office may commend these
}

// reportChoice is one session (or a term's regular proposals) to report on.
type reportChoice struct {
	Label   string
	Query   string
	Current bool
}

// proposalReport shows the figures of a 提案工作情况报告 for a plenary
// session (term, session) or a term's regular proposals (session 0), and
// serves them as .xlsx (format=xlsx) or .docx (format=docx).
func (s *Server) proposalReport(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &Page{Title: "提案工作统计", Form: q}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	terms, err := s.org.Terms(r.Context(), who.Actor)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	if len(terms) == 0 {
		s.errorPage(w, r, http.StatusNotFound, "尚未设置届次,无法统计。")
		return
	}
	termID, _ := strconv.ParseInt(q.Get("term"), 10, 64)
	sessionID, _ := strconv.ParseInt(q.Get("session"), 10, 64)
	var term org.Term
	var d reportData
	var session org.Session
	for _, t := range terms {
		sessions, err := s.org.Sessions(r.Context(), who.Actor, t.ID)
		if err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
		if termID == 0 && q.Get("term") == "" {
			termID = terms[len(terms)-1].ID
			if len(sessions) > 0 && t.ID == termID {
				sessionID = sessions[len(sessions)-1].ID
			}
		}
		for _, ss := range sessions {
			c := reportChoice{Label: ss.Name, Query: url.Values{"term": {strconv.FormatInt(t.ID, 10)}, "session": {strconv.FormatInt(ss.ID, 10)}}.Encode()}
			if t.ID == termID && ss.ID == sessionID {
				c.Current, term, session = true, t, ss
			}
			d.Choices = append(d.Choices, c)
		}
		c := reportChoice{Label: t.Name + "平时提案", Query: url.Values{"term": {strconv.FormatInt(t.ID, 10)}, "session": {"0"}}.Encode()}
		if t.ID == termID && sessionID == 0 {
			c.Current, term = true, t
		}
		d.Choices = append(d.Choices, c)
	}
	if term.ID == 0 {
		s.errorPage(w, r, http.StatusNotFound, "没有这个届次或会议。")
		return
	}
	ps, err := s.proposals.SeriesOf(r.Context(), who, term.ID, session.ID)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	cfg, err := s.proposals.Config(r.Context(), who.Actor.CommitteeID)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	committee, _ := s.committees.CommitteeName(r.Context(), who.Actor.CommitteeID)
	year := time.Now().In(workday.CST).Year()
	if session.ID != 0 {
		year = session.StartsOn.Year()
	}
	excellent, err := s.proposals.ExcellentUnits(r.Context(), who, year)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	opts := report.Options{Committee: committee, Term: term.Name, Session: session.Number, Year: year,
		Categories: cfg.Categories, ClassD: cfg.ClassD, At: time.Now()}
	for _, e := range excellent {
		opts.ExcellentUnits = append(opts.ExcellentUnits, e.Name)
	}
	rep := report.Compute(ps, opts)
	name := opts.Title
	if name == "" {
		name = opts.DefaultTitle()
	}
	switch q.Get("format") {
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", "attachment; filename=\"report.xlsx\"; filename*=UTF-8''"+url.PathEscape(name+".xlsx"))
		w.Header().Set("Cache-Control", "private, no-store")
		if err := report.WriteXLSX(w, rep); err != nil {
			s.log.Error("report xlsx", "err", err)
		}
		return
	case "docx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		w.Header().Set("Content-Disposition", "attachment; filename=\"report.docx\"; filename*=UTF-8''"+url.PathEscape(name+".docx"))
		w.Header().Set("Cache-Control", "private, no-store")
		if err := report.WriteDOCX(w, rep); err != nil {
			s.log.Error("report docx", "err", err)
		}
		return
	}
	d.Title, d.Sections, d.Year, d.Units = name, rep.Sections(), year, excellent
	if who.Actor.Has(authz.ProposalOffice) {
		if d.Handling, err = s.org.Units(r.Context(), who.Actor, org.Handling); err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
	}
	if r.URL.Query().Get("done") != "" {
		p.Flash = "先进承办单位名单已更新。"
	}
	d.Query = url.Values{"term": {strconv.FormatInt(term.ID, 10)}, "session": {strconv.FormatInt(session.ID, 10)}}.Encode()
	s.render(w, r, http.StatusOK, reportView(p, d), p)
}

// setExcellentUnit commends a handling unit for a year, or withdraws it.
func (s *Server) setExcellentUnit(w http.ResponseWriter, r *http.Request) {
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	unit, _ := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	err = s.proposals.SetExcellentUnit(r.Context(), who, year, unit, r.PostFormValue("remove") == "", r.PostFormValue("note"))
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	back := r.PostFormValue("back")
	if !strings.HasPrefix(back, "term=") {
		back = ""
	}
	http.Redirect(w, r, "/proposals/report?"+back+"&done=1#excellent-units", http.StatusSeeOther)
}
