package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
)

// orgData is the organisation settings page.
type orgData struct {
	Lists    []orgList
	Units    []unitGroup
	Terms    []org.Term
	Sessions map[int64][]org.Session // by term
	Liaisons map[int64][]org.Liaison // by handling unit
	OneTime  string                  // the password of a liaison account just created, shown once
}

type orgList struct {
	Kind  org.ListKind
	Items []org.Item
}

type unitGroup struct {
	Kind  org.UnitKind
	Units []org.Unit
}

// prefixed renames the fields of err's field errors to prefix+field, so that
// on a page of several forms each error shows beside its own form's input.
func prefixed(err error, prefix string) error {
	fields := errs.FieldsOf(err)
	if len(fields) == 0 {
		return err
	}
	var c errs.Check
	for _, f := range fields {
		c.Add(prefix+f.Field, f.Message)
	}
	return c.Err()
}

func itemPrefix(kind org.ListKind, id int64) string {
	if id == 0 {
		return "new-" + string(kind) + "-"
	}
	return "rename-" + string(kind) + "-" + strconv.FormatInt(id, 10) + "-"
}

// orgPage shows the lists, units and terms with their forms; form holds
// the input of a refused form keyed by input id.
func (s *Server) orgPage(w http.ResponseWriter, r *http.Request, flash string, form url.Values, formErr error) {
	s.orgPageOnce(w, r, flash, "", form, formErr)
}

// orgPageOnce is orgPage showing oneTime, a password shown only once.
func (s *Server) orgPageOnce(w http.ResponseWriter, r *http.Request, flash, oneTime string, form url.Values, formErr error) {
	a := actor(r)
	if err := authz.Check(a, authz.EditOrg, authz.Object{CommitteeID: a.CommitteeID}); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	ctx := r.Context()
	d := orgData{Sessions: map[int64][]org.Session{}, Liaisons: map[int64][]org.Liaison{}, OneTime: oneTime}
	for _, k := range []org.ListKind{org.Sectors, org.Parties, org.SpecialCommittees} {
		items, err := s.org.Items(ctx, a, k)
		if err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
		d.Lists = append(d.Lists, orgList{k, items})
	}
	units, err := s.org.Units(ctx, a, "")
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	for _, k := range org.UnitKinds {
		g := unitGroup{Kind: k}
		for _, u := range units {
			if u.Kind != k {
				continue
			}
			g.Units = append(g.Units, u)
			if k == org.Handling {
				if d.Liaisons[u.ID], err = s.org.Liaisons(ctx, a, u.ID); err != nil {
					s.fail(w, r, nil, nil, err)
					return
				}
			}
		}
		d.Units = append(d.Units, g)
	}
	if d.Terms, err = s.org.Terms(ctx, a); err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	for _, t := range d.Terms {
		if d.Sessions[t.ID], err = s.org.Sessions(ctx, a, t.ID); err != nil {
			s.fail(w, r, nil, nil, err)
			return
		}
	}
	p := &Page{Title: "组织设置", Flash: flash, Form: form}
	if oneTime != "" {
		// The password is shown once; the page must not be cached.
		w.Header().Set("Cache-Control", "no-store")
	}
	view := orgView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

var orgDone = map[string]string{"added": "已添加。", "renamed": "已改名。"}

func (s *Server) orgSettings(w http.ResponseWriter, r *http.Request) {
	s.orgPage(w, r, orgDone[r.URL.Query().Get("done")], nil, nil)
}

// orgAfter shows the page again after a form: redirected with a flash on
// success, with the form's errors otherwise.
func (s *Server) orgAfter(w http.ResponseWriter, r *http.Request, done, prefix string, err error) {
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		form := url.Values{}
		for k, v := range r.PostForm {
			form[prefix+k] = v
		}
		s.orgPage(w, r, "", form, prefixed(err, prefix))
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, "/org?done="+done, http.StatusSeeOther)
}

func listKind(r *http.Request) (org.ListKind, bool) {
	k := org.ListKind(r.PathValue("kind"))
	return k, org.ValidListKind(k)
}

func (s *Server) addItem(w http.ResponseWriter, r *http.Request) {
	kind, ok := listKind(r)
	if !ok {
		s.NotFound(w, r)
		return
	}
	_, err := s.org.AddItem(r.Context(), actor(r), kind, r.PostFormValue("name"))
	s.orgAfter(w, r, "added", itemPrefix(kind, 0), err)
}

func (s *Server) renameItem(w http.ResponseWriter, r *http.Request) {
	kind, ok := listKind(r)
	if !ok {
		s.NotFound(w, r)
		return
	}
	err := s.org.RenameItem(r.Context(), actor(r), kind, pathID(r), r.PostFormValue("name"))
	s.orgAfter(w, r, "renamed", itemPrefix(kind, pathID(r)), err)
}

func (s *Server) addUnit(w http.ResponseWriter, r *http.Request) {
	_, err := s.org.AddUnit(r.Context(), actor(r), org.Unit{Kind: org.UnitKind(r.PostFormValue("kind")),
		Category: r.PostFormValue("category"), Name: r.PostFormValue("name")})
	s.orgAfter(w, r, "added", "unit-", err)
}

func (s *Server) addTerm(w http.ResponseWriter, r *http.Request) {
	var c errs.Check
	n, err := strconv.Atoi(r.PostFormValue("number"))
	c.If(err != nil, "number", "届次应填写数字,如 11")
	starts, err1 := parseDay("starts_on", r.PostFormValue("starts_on"))
	ends, err2 := parseDay("ends_on", r.PostFormValue("ends_on"))
	if err := errsJoin(c.Err(), err1, err2); err != nil {
		s.orgAfter(w, r, "", "term-", err)
		return
	}
	_, err = s.org.AddTerm(r.Context(), actor(r), org.Term{Number: n, StartsOn: starts, EndsOn: ends})
	s.orgAfter(w, r, "added", "term-", err)
}

func sessionPrefix(termID int64) string { return "session-" + strconv.FormatInt(termID, 10) + "-" }

func liaisonPrefix(unitID int64) string { return "liaison-" + strconv.FormatInt(unitID, 10) + "-" }

// addSession adds a plenary session to term {id}.
func (s *Server) addSession(w http.ResponseWriter, r *http.Request) {
	prefix := sessionPrefix(pathID(r))
	var c errs.Check
	n, err := strconv.Atoi(r.PostFormValue("number"))
	c.If(err != nil, "number", "会议次数应填写数字,如 2")
	starts, err1 := parseDay("starts_on", r.PostFormValue("starts_on"))
	ends, err2 := parseDay("ends_on", r.PostFormValue("ends_on"))
	if err := errsJoin(c.Err(), err1, err2); err != nil {
		s.orgAfter(w, r, "", prefix, err)
		return
	}
	_, err = s.org.AddSession(r.Context(), actor(r), pathID(r), n, starts, ends)
	s.orgAfter(w, r, "added", prefix, err)
}

// addLiaison creates a liaison account for handling unit {id} and shows
// its one-time password once.
func (s *Server) addLiaison(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	name, mobile := r.PostFormValue("name"), r.PostFormValue("mobile")
	var pw string
	l, err := s.org.AddLiaison(r.Context(), a, pathID(r), func(ctx context.Context, tx org.Tx, u org.Unit, username string) (int64, error) {
		atx, ok := tx.(account.Tx)
		if !ok {
			return 0, errs.E(errs.Internal, "存储不支持同时创建登录账号")
		}
		usr, p, err := account.CreateLiaisonAccountTx(ctx, atx, a, u.ID, username, name, mobile)
		pw = p
		return usr.ID, err
	})
	if err != nil {
		s.orgAfter(w, r, "", liaisonPrefix(pathID(r)), err)
		return
	}
	s.orgPageOnce(w, r, "联络员账号已创建:用户名 "+l.Username+",也可用手机号登录。", pw, nil, nil)
}

// findItem returns the item of list kind with id, or a NotFound error.
func (s *Server) findItem(r *http.Request, kind org.ListKind, id int64) (org.Item, error) {
	items, err := s.org.Items(r.Context(), actor(r), kind)
	if err != nil {
		return org.Item{}, err
	}
	i := slices.IndexFunc(items, func(it org.Item) bool { return it.ID == id })
	if i < 0 {
		return org.Item{}, errs.E(errs.NotFound, "%s不存在", kind.Name())
	}
	return items[i], nil
}

// groupLimit is how many members a sector or special committee page lists.
const groupLimit = 200

// sectorData is a sector's page.
type sectorData struct {
	Sector    org.Item
	Conveners []member.Member
	Members   []member.Member // conveners first
	Convener  map[int64]bool
	More      bool // more members than listed
	CanEdit   bool // office staff: the conveners form
}

func (s *Server) sectorPage(w http.ResponseWriter, r *http.Request, flash string, formErr error) {
	a := actor(r)
	id := pathID(r)
	sec, err := s.findItem(r, org.Sectors, id)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	conv, err := s.members.Conveners(r.Context(), a, id)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	list, err := s.members.List(r.Context(), a, member.Filter{SectorID: id, Limit: groupLimit + 1})
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	d := sectorData{Sector: sec, Conveners: conv, Convener: map[int64]bool{}, More: len(list) > groupLimit,
		CanEdit: authz.Can(a, authz.EditOrg, authz.Object{CommitteeID: a.CommitteeID})}
	if d.More {
		list = list[:groupLimit]
	}
	for _, m := range conv {
		d.Convener[m.ID] = true
	}
	d.Members = append(d.Members, conv...)
	for _, m := range list {
		if !d.Convener[m.ID] {
			d.Members = append(d.Members, m)
		}
	}
	p := &Page{Title: sec.Name + "界别", Flash: flash}
	view := sectorView(p, d)
	if formErr != nil {
		s.fail(w, r, view, p, formErr)
		return
	}
	s.render(w, r, http.StatusOK, view, p)
}

func (s *Server) sector(w http.ResponseWriter, r *http.Request) {
	flash := ""
	if r.URL.Query().Get("done") == "conveners" {
		flash = "召集人已更新。"
	}
	s.sectorPage(w, r, flash, nil)
}

func (s *Server) setConveners(w http.ResponseWriter, r *http.Request) {
	var ids []int64
	for _, v := range r.PostForm["member"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	err := s.members.SetConveners(r.Context(), actor(r), pathID(r), ids)
	if errs.Is(err, errs.Invalid) {
		s.sectorPage(w, r, "", err)
		return
	}
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	http.Redirect(w, r, sectorURL(pathID(r))+"?done=conveners", http.StatusSeeOther)
}

// specialData is a special committee's page.
type specialData struct {
	Committee org.Item
	Heads     []member.Member
	Deputies  []member.Member
	Members   []member.Member
	More      bool
}

func (s *Server) specialCommittee(w http.ResponseWriter, r *http.Request) {
	a := actor(r)
	id := pathID(r)
	sc, err := s.findItem(r, org.SpecialCommittees, id)
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	list, err := s.members.List(r.Context(), a, member.Filter{SpecialCommitteeID: id, WithSpecialCommittees: true, Limit: groupLimit + 1})
	if err != nil {
		s.fail(w, r, nil, nil, err)
		return
	}
	d := specialData{Committee: sc, More: len(list) > groupLimit}
	if d.More {
		list = list[:groupLimit]
	}
	for _, m := range list {
		pos := member.Plain
		for _, x := range m.SpecialCommittees {
			if x.ID == id {
				pos = x.Position
			}
		}
		switch pos {
		case member.Head:
			d.Heads = append(d.Heads, m)
		case member.Deputy:
			d.Deputies = append(d.Deputies, m)
		default:
			d.Members = append(d.Members, m)
		}
	}
	p := &Page{Title: sc.Name}
	s.render(w, r, http.StatusOK, specialView(p, d), p)
}
