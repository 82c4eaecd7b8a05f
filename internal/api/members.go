package api

import (
	"net/http"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
	"xieshang/internal/member"
)

// MemberSummary is a member as lists show them. The mobile number, ID
// number and address are masked.
type MemberSummary struct {
	ID            int64     `json:"id" doc:"委员编号"`
	Name          string    `json:"name" doc:"姓名"`
	Gender        string    `json:"gender" enum:"男,女" doc:"性别"`
	Ethnicity     string    `json:"ethnicity" doc:"民族,如 汉族;未登记时为空字符串"`
	BirthYear     int       `json:"birth_year,omitempty" doc:"出生年份;未知时省略"`
	BirthMonth    int       `json:"birth_month,omitempty" doc:"出生月份,1–12;未知时省略"`
	BirthDay      int       `json:"birth_day,omitempty" doc:"出生日,1–31;未知时省略"`
	Party         string    `json:"party" doc:"党派,如 中国共产党、民盟、无党派人士;未登记时为空字符串"`
	SectorID      int64     `json:"sector_id,omitempty" doc:"所属界别编号;未分配界别时省略"`
	SectorName    string    `json:"sector_name,omitempty" doc:"所属界别名称;未分配界别时省略"`
	EmployerTitle string    `json:"employer_title" doc:"工作单位及职务;未登记时为空字符串"`
	Mobile        string    `json:"mobile,omitempty" doc:"手机号,已脱敏(如 139****5678),仅在有权查看的角色以 reveal=true 查看单个委员或委员本人查看时为完整号码;未登记时省略"`
	IDNumber      string    `json:"id_number,omitempty" doc:"身份证号,已脱敏(如 6499**********1234),完整显示的条件同手机号;未登记时省略"`
	Address       string    `json:"address,omitempty" doc:"通讯地址,已隐藏(显示为“[已隐藏]”),完整显示的条件同手机号;未登记时省略"`
	Standing      bool      `json:"standing" doc:"是否为常委"`
	Titles        []string  `json:"titles" enum:"主席,副主席,秘书长,常委" doc:"担任的职务,可为空数组"`
	Version       int       `json:"version" doc:"版本号,每次修改加一;修改委员时原样传回,用于发现他人同时修改"`
	UpdatedAt     time.Time `json:"updated_at" doc:"最后修改时间(UTC)"`
}

// Member is one member with their special committees and terms.
type Member struct {
	MemberSummary
	CommitteeID       int64                    `json:"committee_id" doc:"所属政协编号"`
	UserID            int64                    `json:"user_id,omitempty" doc:"关联的登录账号编号;未关联时省略"`
	SpecialCommittees []MemberSpecialCommittee `json:"special_committees" doc:"所在专委会及职务,可为空数组"`
	Memberships       []Membership             `json:"memberships" doc:"各届任职情况,按届次升序,可为空数组"`
	CreatedAt         time.Time                `json:"created_at" doc:"创建时间(UTC)"`
}

// MemberSpecialCommittee is a member's place in a special committee.
type MemberSpecialCommittee struct {
	ID           int64  `json:"id" doc:"专委会编号"`
	Name         string `json:"name" doc:"专委会名称"`
	Position     string `json:"position" enum:"head,deputy,member" doc:"职务代码:head 主任,deputy 副主任,member 委员"`
	PositionName string `json:"position_name" doc:"职务名称,如 副主任"`
}

// Membership is a member's standing in one term.
type Membership struct {
	TermID     int64  `json:"term_id" doc:"届次编号"`
	TermName   string `json:"term_name" doc:"届次名称,如 第十一届"`
	Status     string `json:"status" enum:"serving,resigned,revoked" doc:"状态代码:serving 在任,resigned 辞去,revoked 撤销"`
	StatusName string `json:"status_name" doc:"状态名称,如 在任"`
	StartedOn  string `json:"started_on,omitempty" format:"date" doc:"任职开始日期;未登记时省略"`
	EndedOn    string `json:"ended_on,omitempty" format:"date" doc:"任职结束日期;在任时省略"`
}

// MemberList is a page of members.
type MemberList struct {
	Items      []MemberSummary `json:"items" doc:"本页委员,按姓名拼音排序"`
	NextCursor string          `json:"next_cursor,omitempty" doc:"下一页的游标,作为 cursor 参数传回;已是最后一页时省略"`
}

// MemberInput is the body of createMember: a member's particulars.
type MemberInput struct {
	Name              string                 `json:"name" doc:"姓名,不超过 32 个字"`
	Gender            string                 `json:"gender" enum:"男,女" doc:"性别:男 或 女;须与身份证号一致"`
	Ethnicity         string                 `json:"ethnicity,omitempty" doc:"民族,如 汉族;可省略"`
	BirthYear         int                    `json:"birth_year,omitempty" doc:"出生年份;填写身份证号时可省略,由身份证号得出,填写则须与之一致"`
	BirthMonth        int                    `json:"birth_month,omitempty" doc:"出生月份,1–12;同 birth_year"`
	BirthDay          int                    `json:"birth_day,omitempty" doc:"出生日;可省略"`
	Party             string                 `json:"party,omitempty" doc:"党派,如 民盟;可省略"`
	SectorID          int64                  `json:"sector_id,omitempty" doc:"界别编号,须为本政协的界别(见 GET /api/v1/sectors);可省略"`
	SpecialCommittees []SpecialCommitteeSeat `json:"special_committees,omitempty" doc:"所在专委会及职务,每个专委会只能出现一次;可省略"`
	EmployerTitle     string                 `json:"employer_title,omitempty" doc:"工作单位及职务,不超过 100 个字;可省略"`
	Mobile            string                 `json:"mobile,omitempty" doc:"手机号,11 位,以 1 开头,在本政协委员中不能重复;可省略"`
	IDNumber          string                 `json:"id_number,omitempty" doc:"身份证号,18 位,校验位须正确,在本政协委员中不能重复;可省略"`
	Address           string                 `json:"address,omitempty" doc:"通讯地址,不超过 200 个字;可省略"`
	Standing          bool                   `json:"standing,omitempty" doc:"是否为常委;省略为否"`
	Titles            []string               `json:"titles,omitempty" enum:"主席,副主席,秘书长,常委" doc:"担任的职务;可省略"`
}

// SpecialCommitteeSeat names a special committee and the position held in
// it, in a request.
type SpecialCommitteeSeat struct {
	ID       int64  `json:"id" doc:"专委会编号,须为本政协的专委会(见 GET /api/v1/special-committees)"`
	Position string `json:"position,omitempty" enum:"head,deputy,member" doc:"职务:head 主任,deputy 副主任,member 委员;省略为 member"`
}

// MemberUpdate is the body of updateMember: every particular, replacing
// the stored ones, and the version they were read at.
type MemberUpdate struct {
	Version int `json:"version" doc:"读取该委员时得到的 version;若其间已被他人修改,返回 409,请重新读取后再改"`
	MemberInput
}

// memberOf returns the API view of m, which the service has already masked
// as the caller may see it.
func memberOf(m member.Member) Member {
	out := Member{MemberSummary: summaryOf(m), CommitteeID: m.CommitteeID, UserID: m.UserID, CreatedAt: m.CreatedAt.UTC(),
		SpecialCommittees: each(m.SpecialCommittees, func(s member.SpecialCommittee) MemberSpecialCommittee {
			return MemberSpecialCommittee{ID: s.ID, Name: s.Name, Position: string(s.Position), PositionName: s.Position.Name()}
		}),
		Memberships: each(m.Memberships, func(ms member.Membership) Membership {
			return Membership{TermID: ms.TermID, TermName: ms.TermName, Status: string(ms.Status), StatusName: ms.Status.Name(),
				StartedOn: day(ms.StartedOn), EndedOn: day(ms.EndedOn)}
		})}
	return out
}

func summaryOf(m member.Member) MemberSummary {
	return MemberSummary{ID: m.ID, Name: m.Name, Gender: m.Gender, Ethnicity: m.Ethnicity, BirthYear: m.BirthYear,
		BirthMonth: m.BirthMonth, BirthDay: m.BirthDay, Party: m.Party, SectorID: m.SectorID, SectorName: m.SectorName,
		EmployerTitle: m.EmployerTitle, Mobile: m.Mobile, IDNumber: m.IDNumber, Address: m.Address, Standing: m.Standing,
		Titles: append([]string{}, m.Titles...), Version: m.Version, UpdatedAt: m.UpdatedAt.UTC()}
}

// member returns the particulars of in as the service takes them.
func (in MemberInput) member() member.Member {
	return member.Member{Name: in.Name, Gender: in.Gender, Ethnicity: in.Ethnicity, BirthYear: in.BirthYear,
		BirthMonth: in.BirthMonth, BirthDay: in.BirthDay, Party: in.Party, SectorID: in.SectorID,
		SpecialCommittees: each(in.SpecialCommittees, func(s SpecialCommitteeSeat) member.SpecialCommittee {
			return member.SpecialCommittee{ID: s.ID, Position: member.Position(s.Position)}
		}),
		EmployerTitle: in.EmployerTitle, Mobile: in.Mobile, IDNumber: in.IDNumber, Address: in.Address,
		Standing: in.Standing, Titles: in.Titles}
}

// queryID reads the optional query parameter name as a positive id.
func queryID(r *request, name, what string) (int64, error) {
	s := r.query(name)
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.Field(name, what+"编号应为正整数")
	}
	return id, nil
}

// queryBool reads the optional query parameter name as true or false.
func queryBool(r *request, name string) (bool, error) {
	switch r.query(name) {
	case "", "false":
		return false, nil
	case "true":
		return true, nil
	}
	return false, errs.Field(name, "参数 "+name+" 应为 true 或 false")
}

func (a *API) listMembers(w http.ResponseWriter, r *request) error {
	p, err1 := parsePage(r, "members")
	sector, err2 := queryID(r, "sector", "界别")
	special, err3 := queryID(r, "special", "专委会")
	f := member.Filter{Query: r.query("q"), SectorID: sector, Party: r.query("party"), SpecialCommitteeID: special,
		Title: r.query("title"), Status: member.Status(r.query("status"))}
	var c errs.Check
	c.If(utf8.RuneCountInString(f.Query) > maxQueryRunes, "q", "搜索内容不能超过 "+strconv.Itoa(maxQueryRunes)+" 个字")
	c.If(utf8.RuneCountInString(f.Party) > maxQueryRunes, "party", "党派名称不能超过 "+strconv.Itoa(maxQueryRunes)+" 个字")
	c.If(f.Title != "" && !slices.Contains(member.Titles, f.Title), "title", "职务应为 主席、副主席、秘书长 或 常委")
	if err := joinFields(err1, err2, err3, c.Err()); err != nil {
		return err
	}
	members, next, err := fetchSorted(p, func(m member.Member) listPos { return listPos{Sort: m.SortKey, Key: m.ID} },
		func(after listPos, n int) ([]member.Member, error) {
			f.AfterKey, f.AfterID, f.Limit = after.Sort, after.Key, n
			return a.members.List(r.Context(), r.actor, f)
		})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, MemberList{Items: each(members, summaryOf), NextCursor: next})
}

func (a *API) getMember(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "委员")
	if err != nil {
		return err
	}
	reveal, err := queryBool(r, "reveal")
	if err != nil {
		return err
	}
	m, err := a.members.Get(r.Context(), r.actor, id, reveal)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, memberOf(m))
}

func (a *API) createMember(w http.ResponseWriter, r *request) error {
	var in MemberInput
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	created, err := a.members.Create(r.Context(), r.actor, in.member())
	if err != nil {
		return err
	}
	m, err := a.members.Get(r.Context(), r.actor, created.ID, false)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/members/"+strconv.FormatInt(m.ID, 10))
	return writeJSON(w, http.StatusCreated, memberOf(m))
}

func (a *API) updateMember(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "委员")
	if err != nil {
		return err
	}
	var in MemberUpdate
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	if in.Version < 1 {
		return errs.Field("version", "请提供读取该委员时得到的 version")
	}
	m := in.member()
	m.ID, m.Version = id, in.Version
	if _, err := a.members.Update(r.Context(), r.actor, m); err != nil {
		return err
	}
	m, err = a.members.Get(r.Context(), r.actor, id, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, memberOf(m))
}

// MembershipInput is the body of setMembership.
type MembershipInput struct {
	Version   int    `json:"version" doc:"读取该委员时得到的 version;若其间已被他人修改,返回 409"`
	Status    string `json:"status" enum:"serving,resigned,revoked" doc:"状态:serving 在任,resigned 辞去,revoked 撤销"`
	StartedOn string `json:"started_on,omitempty" format:"date" doc:"任职开始日期,格式 2023-01-10;省略时取该届的开始日期"`
	EndedOn   string `json:"ended_on,omitempty" format:"date" doc:"任职结束日期;辞去、撤销时必填且不早于开始日期,在任时须省略"`
}

func (a *API) setMembership(w http.ResponseWriter, r *request) error {
	id, err := r.pathID("id", "委员")
	if err != nil {
		return err
	}
	termID, err := r.pathID("term_id", "届次")
	if err != nil {
		return err
	}
	var in MembershipInput
	if err := decodeJSON(r.Request, &in); err != nil {
		return err
	}
	if in.Version < 1 {
		return errs.Field("version", "请提供读取该委员时得到的 version")
	}
	started, err1 := parseDay("started_on", in.StartedOn)
	ended, err2 := parseDay("ended_on", in.EndedOn)
	if err := joinFields(err1, err2); err != nil {
		return err
	}
	if err := a.members.SetMembership(r.Context(), r.actor, id, termID, member.Status(in.Status), started, ended, in.Version); err != nil {
		return err
	}
	m, err := a.members.Get(r.Context(), r.actor, id, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, memberOf(m))
}
