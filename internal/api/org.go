package api

import (
	"net/http"
	"time"

	"xieshang/internal/org"
)

// Committee is the caller's committee.
type Committee struct {
	ID   int64  `json:"id" doc:"政协编号"`
	Name string `json:"name" doc:"政协名称,如 示范市政协"`
}

// OrgItem is one entry of a list: a sector, party or special committee.
type OrgItem struct {
	ID       int64  `json:"id" doc:"编号"`
	Name     string `json:"name" doc:"名称"`
	Position int    `json:"position" doc:"显示顺序,从 1 开始"`
}

// OrgItemList is a whole list of sectors, parties or special committees.
type OrgItemList struct {
	Items []OrgItem `json:"items" doc:"全部条目,按显示顺序"`
}

// NewOrgItem is the body of the operations that add to a list.
type NewOrgItem struct {
	Name string `json:"name" doc:"名称,不超过 40 个字,在本政协的同类名单中不能重复"`
}

// Unit is a participating unit, handling unit or office.
type Unit struct {
	ID       int64  `json:"id" doc:"单位编号"`
	Kind     string `json:"kind" enum:"participating,handling,office" doc:"单位类别:participating 参加单位(党派、团体),handling 承办单位,office 机关处室"`
	KindName string `json:"kind_name" doc:"单位类别名称,如 承办单位"`
	Category string `json:"category" doc:"分类,如 government(政府部门)、party(党派)、group(团体);未分类时为空字符串"`
	Name     string `json:"name" doc:"单位名称"`
}

// UnitList is the committee's units.
type UnitList struct {
	Items []Unit `json:"items" doc:"全部单位,按类别、编号排列"`
}

// NewUnit is the body of createUnit.
type NewUnit struct {
	Kind     string `json:"kind" enum:"participating,handling,office" doc:"单位类别:participating 参加单位,handling 承办单位,office 机关处室"`
	Category string `json:"category,omitempty" doc:"分类,不超过 40 个字,如 government、npc、court、procuratorate、party、group;可省略"`
	Name     string `json:"name" doc:"单位名称,不超过 60 个字,同类单位中不能重复"`
}

// Term is a 届 of the committee.
type Term struct {
	ID       int64  `json:"id" doc:"届次编号"`
	Number   int    `json:"number" doc:"第几届,如 11"`
	Name     string `json:"name" doc:"届次名称,如 第十一届"`
	StartsOn string `json:"starts_on" format:"date" doc:"开始日期,如 2023-01-10"`
	EndsOn   string `json:"ends_on,omitempty" format:"date" doc:"结束日期;未定时省略"`
}

// TermList is the committee's terms.
type TermList struct {
	Items []Term `json:"items" doc:"全部届次,按届次升序"`
}

// NewTerm is the body of createTerm.
type NewTerm struct {
	Number   int    `json:"number" doc:"第几届,1–99,在本政协中不能重复"`
	Name     string `json:"name,omitempty" doc:"届次名称,不超过 20 个字;省略时按届次生成,如 第十一届"`
	StartsOn string `json:"starts_on" format:"date" doc:"开始日期,格式 2023-01-10"`
	EndsOn   string `json:"ends_on,omitempty" format:"date" doc:"结束日期,格式 2028-01-09,须晚于开始日期;可省略"`
}

var unitKindNames = map[org.UnitKind]string{org.Participating: "参加单位", org.Handling: "承办单位", org.Office: "机关处室"}

func orgItemOf(it org.Item) OrgItem { return OrgItem{ID: it.ID, Name: it.Name, Position: it.Position} }

func unitOf(u org.Unit) Unit {
	return Unit{ID: u.ID, Kind: string(u.Kind), KindName: unitKindNames[u.Kind], Category: u.Category, Name: u.Name}
}

// day formats a calendar date, "" for none.
func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func termOf(t org.Term) Term {
	return Term{ID: t.ID, Number: t.Number, Name: t.Name, StartsOn: day(t.StartsOn), EndsOn: day(t.EndsOn)}
}

// each maps a slice, never returning nil, so that empty lists encode as [].
func each[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

func (a *API) getCommittee(w http.ResponseWriter, r *request) error {
	name, err := a.committees.CommitteeName(r.Context(), r.actor.CommitteeID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Committee{ID: r.actor.CommitteeID, Name: name})
}

// listItems returns the handler that lists kind.
func listItems(kind org.ListKind) func(*API, http.ResponseWriter, *request) error {
	return func(a *API, w http.ResponseWriter, r *request) error {
		items, err := a.org.Items(r.Context(), r.actor, kind)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, OrgItemList{Items: each(items, orgItemOf)})
	}
}

// createItem returns the handler that adds to kind.
func createItem(kind org.ListKind) func(*API, http.ResponseWriter, *request) error {
	return func(a *API, w http.ResponseWriter, r *request) error {
		var in NewOrgItem
		if err := decodeJSON(r.Request, &in); err != nil {
			return err
		}
		it, err := a.org.AddItem(r.Context(), r.actor, kind, in.Name)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusCreated, orgItemOf(it))
	}
}

func (a *API) listUnits(w http.ResponseWriter, r *request) error {
	units, err := a.org.Units(r.Context(), r.actor, org.UnitKind(r.query("kind")))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, UnitList{Items: each(units, unitOf)})
}

func (a *API) createUnit(w http.ResponseWriter, r *request) error {
	var in NewUnit
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	u, err := a.org.AddUnit(r.Context(), r.actor, org.Unit{Kind: org.UnitKind(in.Kind), Category: in.Category, Name: in.Name})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, unitOf(u))
}

func (a *API) listTerms(w http.ResponseWriter, r *request) error {
	terms, err := a.org.Terms(r.Context(), r.actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, TermList{Items: each(terms, termOf)})
}

func (a *API) createTerm(w http.ResponseWriter, r *request) error {
	var in NewTerm
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	starts, err1 := parseDay("starts_on", in.StartsOn)
	ends, err2 := parseDay("ends_on", in.EndsOn)
	if err := joinFields(err1, err2); err != nil {
		return err
	}
	t, err := a.org.AddTerm(r.Context(), r.actor, org.Term{Number: in.Number, Name: in.Name, StartsOn: starts, EndsOn: ends})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, termOf(t))
}

// Session is a plenary session (第N次会议) of a term.
type Session struct {
	ID       int64  `json:"id" doc:"会议编号"`
	TermID   int64  `json:"term_id" doc:"届次编号"`
	Number   int    `json:"number" doc:"第几次会议,如 2"`
	Name     string `json:"name" doc:"会议名称,如 第十一届第二次会议"`
	StartsOn string `json:"starts_on" format:"date" doc:"开始日期,如 2024-01-10"`
	EndsOn   string `json:"ends_on" format:"date" doc:"结束日期,如 2024-01-13"`
}

// SessionList is the plenary sessions of a term.
type SessionList struct {
	Items []Session `json:"items" doc:"该届全部全体会议,按次数升序"`
}

// NewSession is the body of createSession.
type NewSession struct {
	Number   int    `json:"number" doc:"第几次会议,1–99,同一届中不能重复"`
	StartsOn string `json:"starts_on" format:"date" doc:"开始日期,格式 2024-01-10,须在该届任期内"`
	EndsOn   string `json:"ends_on" format:"date" doc:"结束日期,格式 2024-01-13,不早于开始日期,须在该届任期内"`
}

func sessionOf(s org.Session) Session {
	return Session{ID: s.ID, TermID: s.TermID, Number: s.Number, Name: s.Name, StartsOn: day(s.StartsOn), EndsOn: day(s.EndsOn)}
}

func (a *API) listSessions(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "届次")
	if err != nil {
		return err
	}
	list, err := a.org.Sessions(r.Context(), r.actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, SessionList{Items: each(list, sessionOf)})
}

func (a *API) createSession(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "届次")
	if err != nil {
		return err
	}
	var in NewSession
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	starts, err1 := parseDay("starts_on", in.StartsOn)
	ends, err2 := parseDay("ends_on", in.EndsOn)
	if err := joinFields(err1, err2); err != nil {
		return err
	}
	s, err := a.org.AddSession(r.Context(), r.actor, id, in.Number, starts, ends)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, sessionOf(s))
}
