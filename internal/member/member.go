// Package member holds the committee's members (委员): their particulars,
// their memberships per term, the rules for editing them and for showing
// their sensitive fields (mobile, ID number, address), which are masked
// unless the viewer's role may see them, every unmasked view audited.
package member

import (
	"context"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/audit"
	"xieshang/internal/errs"
	"xieshang/internal/idcard"
	"xieshang/internal/org"
)

// Gender values as users write them.
const (
	Male   = "男"
	Female = "女"
)

// Position in a special committee.
type Position string

const (
	Head   Position = "head"   // 主任
	Deputy Position = "deputy" // 副主任
	Plain  Position = "member" // 委员
)

// Name returns the Chinese name of the position.
func (p Position) Name() string {
	switch p {
	case Head:
		return "主任"
	case Deputy:
		return "副主任"
	}
	return "委员"
}

// Status of a membership in a term.
type Status string

const (
	Serving  Status = "serving"  // 在任
	Resigned Status = "resigned" // 辞去
	Revoked  Status = "revoked"  // 撤销
)

// Name returns the Chinese name of the status.
func (s Status) Name() string {
	switch s {
	case Resigned:
		return "辞去"
	case Revoked:
		return "撤销"
	}
	return "在任"
}

// Statuses lists the statuses in display order.
var Statuses = []Status{Serving, Resigned, Revoked}

// ValidStatus reports whether s is a known status.
func ValidStatus(s Status) bool { return s == Serving || s == Resigned || s == Revoked }

// Titles a member may hold besides being a member.
var Titles = []string{"主席", "副主席", "秘书长", "常委"}

// SpecialCommittee is a member's place in one special committee.
type SpecialCommittee struct {
	ID       int64
	Name     string
	Position Position
}

// Membership is a member's standing in one term.
type Membership struct {
	TermID    int64
	TermName  string
	Status    Status
	StartedOn time.Time
	EndedOn   time.Time // zero while serving
}

// Member is one committee member. Mobile, IDNumber and Address are plain
// text in memory and sealed at rest.
type Member struct {
	ID                int64
	CommitteeID       int64
	Name              string
	Gender            string
	Ethnicity         string
	BirthYear         int
	BirthMonth        int
	BirthDay          int // 0 when unknown
	Party             string
	SectorID          int64
	SectorName        string
	SpecialCommittees []SpecialCommittee
	EmployerTitle     string
	Mobile            string
	IDNumber          string
	Address           string
	Standing          bool     // 常委
	Titles            []string // 主席, 副主席, 秘书长
	UserID            int64
	Version           int
	SortKey           string // full pinyin of the name; lists are ordered by it
	PhotoTag          string // names the current photo; empty: none
	Memberships       []Membership
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

var mobileRe = regexp.MustCompile(`^1[3-9]\d{9}$`)

// Validate checks the particulars that need no database and normalises
// spacing. The ID number must agree with the birth date and gender given.
func (m *Member) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	m.Ethnicity = strings.TrimSpace(m.Ethnicity)
	m.EmployerTitle = strings.TrimSpace(m.EmployerTitle)
	m.Mobile = strings.TrimSpace(m.Mobile)
	m.IDNumber = strings.ToUpper(strings.TrimSpace(m.IDNumber))
	m.Address = strings.TrimSpace(m.Address)
	var c errs.Check
	c.If(m.Name == "", "name", "请输入姓名")
	c.If(utf8.RuneCountInString(m.Name) > 32, "name", "姓名不能超过 32 个字")
	c.If(m.Gender != Male && m.Gender != Female, "gender", "性别应为“男”或“女”")
	c.If(utf8.RuneCountInString(m.EmployerTitle) > 100, "employer_title", "工作单位及职务不能超过 100 个字")
	c.If(utf8.RuneCountInString(m.Address) > 200, "address", "地址不能超过 200 个字")
	c.If(m.Mobile != "" && !mobileRe.MatchString(m.Mobile), "mobile", "手机号码应为 11 位数字,以 1 开头")
	if m.BirthYear != 0 || m.BirthMonth != 0 {
		c.If(m.BirthYear < 1900 || m.BirthYear > time.Now().Year(), "birth", "出生年份无效")
		c.If(m.BirthMonth < 1 || m.BirthMonth > 12, "birth", "出生月份无效")
	}
	if m.IDNumber != "" {
		info, err := idcard.Parse("id_number", m.IDNumber)
		if err != nil {
			c.Add("id_number", errs.Message(err))
		} else {
			if (m.Gender == Male) != info.Male && (m.Gender == Male || m.Gender == Female) {
				c.Add("gender", "性别与身份证号不符(身份证号显示为"+map[bool]string{true: "男", false: "女"}[info.Male]+")")
			}
			if m.BirthYear == 0 {
				m.BirthYear, m.BirthMonth, m.BirthDay = info.Birth.Year(), int(info.Birth.Month()), info.Birth.Day()
			} else if m.BirthYear != info.Birth.Year() || m.BirthMonth != int(info.Birth.Month()) ||
				(m.BirthDay != 0 && m.BirthDay != info.Birth.Day()) {
				c.Add("birth", "出生年月与身份证号不符(身份证号显示为 "+info.Birth.Format("2006年1月2日")+")")
			}
		}
	}
	seen := map[int64]bool{}
	for i, sc := range m.SpecialCommittees {
		if sc.Position == "" {
			m.SpecialCommittees[i].Position, sc.Position = Plain, Plain
		}
		c.If(sc.ID <= 0, "special_committees", "专委会编号无效")
		c.If(sc.ID > 0 && seen[sc.ID], "special_committees", "同一专委会只能填写一次")
		c.If(sc.Position != Head && sc.Position != Deputy && sc.Position != Plain, "special_committees",
			"专委会职务应为 head(主任)、deputy(副主任)或 member(委员)")
		seen[sc.ID] = true
	}
	for _, t := range m.Titles {
		ok := false
		for _, v := range Titles {
			ok = ok || v == t
		}
		c.If(!ok, "titles", "未知的职务:"+t)
	}
	return c.Err()
}

// Birth formats the birth month as rosters write it: 1965.03.
func (m Member) Birth() string {
	if m.BirthYear == 0 {
		return ""
	}
	return time.Date(m.BirthYear, time.Month(m.BirthMonth), 1, 0, 0, 0, 0, time.UTC).Format("2006.01")
}

// auditFields is what member.update entries compare; audit.Diff replaces
// the sensitive ones (mobile, ID number, address) so the log shows that
// they changed, never what they are.
func (m Member) auditFields() map[string]any {
	return map[string]any{"name": m.Name, "gender": m.Gender, "ethnicity": m.Ethnicity, "birth": m.Birth(),
		"party": m.Party, "sector_id": m.SectorID, "employer_title": m.EmployerTitle, "standing": m.Standing,
		"titles": strings.Join(m.Titles, "、"), "mobile": m.Mobile, "id_number": m.IDNumber, "address": m.Address}
}

// Filter narrows a member list.
type Filter struct {
	CommitteeID        int64
	Query              string // name, pinyin or initials
	SectorID           int64
	Party              string
	SpecialCommitteeID int64
	Title              string // 主席, 副主席, 秘书长, 常委
	Status             Status // membership status in the current term; "" = any
	TermID             int64
	AfterKey           string // cursor: (sort key, id) after which to list

	AfterID int64
	Limit   int
	// WithSpecialCommittees loads each member's special committees too.
	WithSpecialCommittees bool
	// AllSensitive decrypts the identity number and address too; lists
	// that only show a masked mobile leave them empty.
	AllSensitive bool
}

// Store is the storage the member service needs.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
	// Peek runs fn's single statement without a transaction.
	Peek(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the member tables.
type Tx interface {
	Now() time.Time
	MemberByID(ctx context.Context, id int64) (Member, error)
	InsertMember(ctx context.Context, m *Member) error
	// UpdateMember writes m if its stored version is still m.Version and
	// increments it; a changed version is a Conflict.
	UpdateMember(ctx context.Context, m *Member) error
	ListMembers(ctx context.Context, f Filter) ([]Member, error)
	// MemberPhoto returns a member's photo, or NotFound.
	MemberPhoto(ctx context.Context, id int64) (Photo, error)
	// SetMemberPhoto stores a member's photo (nil Data removes it) and its
	// tag, incrementing the member's version if it is still version.
	SetMemberPhoto(ctx context.Context, id int64, version int, p Photo) error
	// AuditEntries returns audit entries matching f, newest first.
	AuditEntries(ctx context.Context, f audit.Filter) ([]audit.Stored, error)
	// DirectoryVersion returns a counter that every change to the
	// committee's members, terms and lists increments in its transaction.
	DirectoryVersion(ctx context.Context, committeeID int64) (int64, error)
	// Items returns a list of the committee (its sectors or special
	// committees), against which a member's references are checked.
	Items(ctx context.Context, kind org.ListKind, committeeID int64) ([]org.Item, error)
	// LinkMemberUser links a member to a login account and increments its
	// version.
	LinkMemberUser(ctx context.Context, memberID, userID int64) error
	// UserCommittee returns the committee of login account id, or NotFound.
	UserCommittee(ctx context.Context, userID int64) (int64, error)
	// SectorConveners returns the conveners of a sector in pinyin order.
	SectorConveners(ctx context.Context, sectorID int64) ([]Member, error)
	// SetConveners replaces the conveners of a sector.
	SetConveners(ctx context.Context, sectorID int64, memberIDs []int64) error
	// Terms returns the terms of a committee, oldest first, against which
	// a membership's term is checked.
	Terms(ctx context.Context, committeeID int64) ([]org.Term, error)
	// SetMembership writes the membership of member memberID in ms.TermID,
	// adding it or replacing the one there, and increments the member's
	// version if it is still version; a changed version is a Conflict.
	SetMembership(ctx context.Context, memberID int64, version int, ms Membership) error
	Audit(ctx context.Context, e audit.Entry) error
}

// FieldLabels name the audited fields of a member for change histories.
var FieldLabels = map[string]string{"name": "姓名", "gender": "性别", "ethnicity": "民族", "birth": "出生年月",
	"party": "党派", "sector_id": "界别", "employer_title": "工作单位及职务", "standing": "常委", "titles": "职务",
	"mobile": "手机号码", "id_number": "身份证号", "address": "通讯地址", "photo": "照片", "status": "状态",
	"user_id": "登录账号", "special_committees": "专委会"}
