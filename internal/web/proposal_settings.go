package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xieshang/internal/errs"
	"xieshang/internal/proposal"
)

// configValues turns rules into form values.
func configValues(c proposal.Config) url.Values {
	v := url.Values{}
	set := func(k string, n int) { v.Set(k, strconv.Itoa(n)) }
	set("title_max", c.TitleMax)
	set("text_max", c.TextMax)
	set("plenary_open_months", c.PlenaryOpenMonths)
	set("plenary_close_days", c.PlenaryCloseDays)
	set("return_workdays", c.ReturnWorkdays)
	set("views_days", c.ViewsDays)
	set("reply_months", c.ReplyMonths)
	set("max_months", c.MaxMonths)
	set("auto_close_days", c.AutoCloseDays)
	set("attachment_max_mb", int(c.AttachmentMaxBytes>>20))
	v.Set("categories", strings.Join(c.Categories, "\n"))
	v.Set("attachment_types", strings.Join(c.AttachmentTypes, " "))
	if c.TwoStepReview {
		v.Set("two_step_review", "1")
	}
	if c.ClassD {
		v.Set("class_d", "1")
	}
	return v
}

// configFromForm reads the rules form; numbers that are not numbers are
// field errors.
func configFromForm(f url.Values) (proposal.Config, error) {
	var ck errs.Check
	num := func(k string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(k)))
		ck.If(err != nil, k, "请填写数字")
		return n
	}
	c := proposal.Config{TitleMax: num("title_max"), TextMax: num("text_max"), PlenaryOpenMonths: num("plenary_open_months"),
		PlenaryCloseDays: num("plenary_close_days"), ReturnWorkdays: num("return_workdays"), ViewsDays: num("views_days"),
		ReplyMonths: num("reply_months"), MaxMonths: num("max_months"), AutoCloseDays: num("auto_close_days"),
		AttachmentMaxBytes: int64(num("attachment_max_mb")) << 20,
		TwoStepReview:      f.Get("two_step_review") == "1", ClassD: f.Get("class_d") == "1"}
	for _, line := range strings.Split(f.Get("categories"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			c.Categories = append(c.Categories, line)
		}
	}
	for _, t := range strings.FieldsFunc(strings.ToLower(f.Get("attachment_types")), func(r rune) bool {
		return r == ' ' || r == ',' || r == '、' || r == '\uff0c' || r == '\n' || r == '.'
	}) {
		c.AttachmentTypes = append(c.AttachmentTypes, t)
	}
	return c, ck.Err()
}

// proposalSettings shows the committee's proposal rules; the proposal
// office edits them.
func (s *Server) proposalSettings(w http.ResponseWriter, r *http.Request) {
	s.settingsPage(w, r, nil, nil)
}

func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request, form url.Values, formErr error) {
	p := &Page{Title: "提案工作规则", Form: form}
	if r.URL.Query().Get("done") != "" {
		p.Flash = "提案工作规则已保存。"
	}
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, p, err)
		return
	}
	if !isStaff(who.Actor) {
		s.errorPage(w, r, http.StatusForbidden, "只有提案工作人员可以查看提案工作规则")
		return
	}
	if p.Form == nil {
		cfg, err := s.proposals.Config(r.Context(), who.Actor.CommitteeID)
		if err != nil {
			s.fail(w, r, nil, p, err)
			return
		}
		p.Form = configValues(cfg)
	}
	view := settingsView(p)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) {
	who, err := s.who(r)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	cfg, err := configFromForm(r.PostForm)
	if err == nil {
		err = s.proposals.SetConfig(r.Context(), who, cfg)
	}
	if err != nil {
		if errs.Is(err, errs.Invalid) {
			s.settingsPage(w, r, r.PostForm, err)
			return
		}
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, "/proposals/settings?done=1", http.StatusSeeOther)
}
