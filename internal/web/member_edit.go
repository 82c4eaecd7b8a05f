package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
)

// memberFormData is the create or edit form of a member; the values shown
// are in Page.Form, keyed by input name.
type memberFormData struct {
	ID     int64 // 0 on create
	Lists  org.Lists
	Titles []string
}

// formTitles are the titles the form offers as checkboxes; 常委 has its
// own checkbox.
var formTitles = []string{"主席", "副主席", "秘书长"}

// memberValues turns m into form values, the inverse of memberFromForm.
func memberValues(m member.Member) url.Values {
	v := url.Values{"name": {m.Name}, "gender": {m.Gender}, "ethnicity": {m.Ethnicity}, "party": {m.Party},
		"employer_title": {m.EmployerTitle}, "mobile": {m.Mobile}, "id_number": {m.IDNumber}, "address": {m.Address},
		"version": {strconv.Itoa(m.Version)}, "title": m.Titles}
	for k, n := range map[string]int{"birth_year": m.BirthYear, "birth_month": m.BirthMonth, "birth_day": m.BirthDay} {
		if n != 0 {
			v.Set(k, strconv.Itoa(n))
		}
	}
	if m.SectorID != 0 {
		v.Set("sector_id", strconv.FormatInt(m.SectorID, 10))
	}
	if m.Standing {
		v.Set("standing", "1")
	}
	for _, sc := range m.SpecialCommittees {
		id := strconv.FormatInt(sc.ID, 10)
		v.Add("sc", id)
		v.Set("sc_pos_"+id, string(sc.Position))
	}
	return v
}

// memberFromForm reads the member form. Its error lists the inputs that
// are not numbers where numbers are due; the rules are the service's.
func memberFromForm(f url.Values) (member.Member, error) {
	var c errs.Check
	num := func(field, label string) int {
		v := strings.TrimSpace(f.Get(field))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			c.Add("birth", label+"应填写数字")
		}
		return n
	}
	m := member.Member{Name: f.Get("name"), Gender: f.Get("gender"), Ethnicity: f.Get("ethnicity"), Party: f.Get("party"),
		EmployerTitle: f.Get("employer_title"), Mobile: f.Get("mobile"), IDNumber: f.Get("id_number"), Address: f.Get("address"),
		Standing:  f.Get("standing") == "1",
		BirthYear: num("birth_year", "出生年份"), BirthMonth: num("birth_month", "出生月份"), BirthDay: num("birth_day", "出生日")}
	if v := f.Get("sector_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		c.If(err != nil, "sector_id", "界别无效")
		m.SectorID = id
	}
	for _, v := range f["sc"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			c.Add("special_committees", "专委会编号无效")
			continue
		}
		m.SpecialCommittees = append(m.SpecialCommittees, member.SpecialCommittee{ID: id, Position: member.Position(f.Get("sc_pos_" + v))})
	}
	for _, t := range f["title"] {
		if !slices.Contains(m.Titles, t) {
			m.Titles = append(m.Titles, t)
		}
	}
	m.Version, _ = strconv.Atoi(f.Get("version"))
	return m, c.Err()
}

// formErrors gathers the field errors of the form and of the service's
// checks that need no database, so the form shows them all at once.
func formErrors(m member.Member, more ...error) error {
	if err := m.Validate(); err != nil {
		more = append(more, err)
	}
	return errsJoin(more...)
}

func (s *Server) memberForm(w http.ResponseWriter, r *http.Request, status int, title string, id int64, form url.Values, formErr error) {
	a := actor(r)
	lists, err := s.org.Lists(r.Context(), a.CommitteeID)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	p := &Page{Title: title, Form: form}
	view := memberFormView(p, memberFormData{ID: id, Lists: lists, Titles: formTitles})
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, status, view, p)
}

func (s *Server) newMemberForm(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if err := authz.Check(a, authz.EditMembers, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	s.memberForm(w, r, http.StatusOK, "添加委员", 0, url.Values{"gender": {member.Male}}, nil)
}

// createMember adds a member and, when asked, a login account for them,
// whose one-time password the profile then shows once.
func (s *Server) createMember(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	m, err := memberFromForm(r.PostForm)
	withAccount := r.PostFormValue("create_account") == "1"
	if withAccount {
		err = errsJoin(err, account.CheckMemberAccount(r.PostFormValue("name"), r.PostFormValue("mobile")))
	}
	if err != nil {
		s.memberForm(w, r, 0, "添加委员", 0, r.PostForm, formErrors(m, err))
		return
	}
	if !withAccount {
		if m, err = s.members.Create(r.Context(), a, m); err != nil {
			s.memberForm(w, r, 0, "添加委员", 0, r.PostForm, err)
			return
		}
		http.Redirect(w, r, memberURL(m.ID)+"?done=created", http.StatusSeeOther)
		return
	}
	var u account.User
	var pw string
	m, err = s.members.CreateWithAccount(r.Context(), a, m, func(ctx context.Context, tx member.Tx, m member.Member) (int64, error) {
		atx, ok := tx.(account.Tx)
		if !ok {
			return 0, errs.E(errs.Internal, "存储不支持同时创建登录账号")
		}
		var err error
		u, pw, err = account.CreateMemberAccountTx(ctx, atx, a, m.ID, m.Name, m.Mobile)
		return u.ID, err
	})
	if err != nil {
		s.memberForm(w, r, 0, "添加委员", 0, r.PostForm, err)
		return
	}
	s.profilePage(w, r, profileOpts{id: m.ID, flash: "委员已添加,登录账号已创建:用户名 " + u.Username + ",也可用手机号登录。", oneTime: pw})
}

// editMemberForm shows every particular in full for editing, which the
// service audits as an unmasked view.
func (s *Server) editMemberForm(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	if err := authz.Check(a, authz.EditMembers, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	m, err := s.members.Get(r.Context(), a, pathID(r), true)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	s.memberForm(w, r, http.StatusOK, "编辑委员信息", m.ID, memberValues(m), nil)
}

// editMember saves the form if nobody changed the member since it was
// loaded (the hidden version); otherwise the service's Conflict shows on
// the form and nothing is written.
func (s *Server) editMember(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	m, err := memberFromForm(r.PostForm)
	if err != nil {
		s.memberForm(w, r, 0, "编辑委员信息", id, r.PostForm, formErrors(m, err))
		return
	}
	m.ID = id
	if _, err := s.members.Update(r.Context(), actor(r), m); err != nil {
		s.memberForm(w, r, 0, "编辑委员信息", id, r.PostForm, err)
		return
	}
	http.Redirect(w, r, memberURL(id)+"?done=saved", http.StatusSeeOther)
}

// editContact saves a member's own mobile and address.
func (s *Server) editContact(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	err := s.members.UpdateContact(r.Context(), actor(r), id, version, r.PostFormValue("mobile"), r.PostFormValue("address"))
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		s.profilePage(w, r, profileOpts{id: id, form: r.PostForm, formErr: err})
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, memberURL(id)+"?done=contact", http.StatusSeeOther)
}

// setMembership saves the membership form of term {term} on a profile.
func (s *Server) setMembership(w http.ResponseWriter, r *http.Request) {
	id := pathID(r)
	termID, _ := strconv.ParseInt(r.PathValue("term"), 10, 64)
	pre := membershipPrefix(termID)
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	started, err1 := parseDay("started_on", r.PostFormValue("started_on"))
	ended, err2 := parseDay("ended_on", r.PostFormValue("ended_on"))
	err := errsJoin(err1, err2)
	if err == nil {
		err = s.members.SetMembership(r.Context(), actor(r), id, termID, member.Status(r.PostFormValue("status")), started, ended, version)
	}
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		form := url.Values{}
		for _, k := range []string{"status", "started_on", "ended_on"} {
			form.Set(pre+k, r.PostFormValue(k))
		}
		s.profilePage(w, r, profileOpts{id: id, form: form, formErr: prefixed(err, pre)})
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, memberURL(id)+"?done=membership", http.StatusSeeOther)
}
