// Package org holds the committee's organisation: terms (届) and plenary
// sessions (第N次会议), sectors (界别) with conveners, parties, special
// committees (专委会), and units — participating units, handling units
// (承办单位) and the committee's own offices. Office staff edit them; every
// change is audited, which keeps their history.
package org

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// ListKind names one of the committee's lists of names.
type ListKind string

const (
	Sectors           ListKind = "sector"            // 界别
	Parties           ListKind = "party"             // 党派
	SpecialCommittees ListKind = "special_committee" // 专委会
)

// Name returns the Chinese name of the list.
func (k ListKind) Name() string {
	switch k {
	case Sectors:
		return "界别"
	case Parties:
		return "党派"
	}
	return "专委会"
}

// ValidListKind reports whether k is a known list kind.
func ValidListKind(k ListKind) bool { return k == Sectors || k == Parties || k == SpecialCommittees }

// Item is one entry of a list.
type Item struct {
	ID       int64
	Name     string
	Position int
}

// UnitKind says what a unit is.
type UnitKind string

const (
	Participating UnitKind = "participating" // 参加单位(党派、团体)
	Handling      UnitKind = "handling"      // 承办单位
	Office        UnitKind = "office"        // 机关处室
)

// UnitKinds lists the unit kinds in display order.
var UnitKinds = []UnitKind{Participating, Handling, Office}

// Name returns the Chinese name of the kind.
func (k UnitKind) Name() string {
	switch k {
	case Participating:
		return "参加单位"
	case Handling:
		return "承办单位"
	}
	return "机关处室"
}

// Unit is a participating unit, handling unit or office.
type Unit struct {
	ID       int64
	Kind     UnitKind
	Category string // e.g. government, npc, court, procuratorate, party, group
	Name     string
}

// Term is a 届 of the committee.
type Term struct {
	ID       int64
	Number   int
	Name     string // 第十一届
	StartsOn time.Time
	EndsOn   time.Time
}

// Lists are the names a roster is checked against.
type Lists struct {
	Sectors, Parties, SpecialCommittees []Item
}

// Names returns the names of items.
func Names(items []Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Name
	}
	return out
}

// Store is the storage the org service needs.
type Store interface {
	InTx(ctx context.Context, fn func(Tx) error) error
	View(ctx context.Context, fn func(Tx) error) error
}

// Tx is one transaction's view of the organisation tables.
type Tx interface {
	Items(ctx context.Context, kind ListKind, committeeID int64) ([]Item, error)
	InsertItem(ctx context.Context, kind ListKind, committeeID int64, it *Item) error
	// RenameItem renames item id of the committee's list of kind and
	// returns its old name; NotFound if there is no such item, Conflict if
	// the name is taken.
	RenameItem(ctx context.Context, kind ListKind, committeeID, id int64, name string) (string, error)
	Units(ctx context.Context, committeeID int64, kind UnitKind) ([]Unit, error)
	InsertUnit(ctx context.Context, committeeID int64, u *Unit) error
	Terms(ctx context.Context, committeeID int64) ([]Term, error)
	InsertTerm(ctx context.Context, committeeID int64, t *Term) error
	// PlenarySessions returns the plenary sessions of term termID by number.
	PlenarySessions(ctx context.Context, termID int64) ([]Session, error)
	// InsertPlenarySession stores s and sets its ID; a taken number is a Conflict.
	InsertPlenarySession(ctx context.Context, s *Session) error
	// Liaisons returns the liaison accounts of unit unitID, oldest first.
	Liaisons(ctx context.Context, unitID int64) ([]Liaison, error)
	// LinkLiaison records login account userID as a liaison of unit unitID.
	LinkLiaison(ctx context.Context, unitID, userID int64) error
	Audit(ctx context.Context, e audit.Entry) error
}

// Service edits and reads the organisation.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

// Lists returns the committee's sectors, parties and special committees.
func (s *Service) Lists(ctx context.Context, committeeID int64) (Lists, error) {
	var l Lists
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if l.Sectors, err = tx.Items(ctx, Sectors, committeeID); err != nil {
			return err
		}
		if l.Parties, err = tx.Items(ctx, Parties, committeeID); err != nil {
			return err
		}
		l.SpecialCommittees, err = tx.Items(ctx, SpecialCommittees, committeeID)
		return err
	})
	return l, err
}

// view checks that the actor may read the organisation of their own
// committee: whoever may view the member directory may see the lists,
// units and terms it refers to.
func view(by authz.Actor) error {
	return authz.Check(by, authz.ViewMembers, authz.Object{CommitteeID: by.CommitteeID})
}

// Items returns one list of the actor's committee in display order, to an
// actor who may view members.
func (s *Service) Items(ctx context.Context, by authz.Actor, kind ListKind) ([]Item, error) {
	if err := view(by); err != nil {
		return nil, err
	}
	var out []Item
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Items(ctx, kind, by.CommitteeID)
		return err
	})
	return out, err
}

// ValidUnitKind reports whether k is a known unit kind.
func ValidUnitKind(k UnitKind) bool { return k == Participating || k == Handling || k == Office }

// Units returns the units of the actor's committee of kind ("" for all), to
// an actor who may view members.
func (s *Service) Units(ctx context.Context, by authz.Actor, kind UnitKind) ([]Unit, error) {
	if kind != "" && !ValidUnitKind(kind) {
		return nil, errs.Field("kind", "单位类别应为 participating、handling 或 office")
	}
	if err := view(by); err != nil {
		return nil, err
	}
	var out []Unit
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Units(ctx, by.CommitteeID, kind)
		return err
	})
	return out, err
}

// Terms returns the terms of the actor's committee, oldest first, to an
// actor who may view members.
func (s *Service) Terms(ctx context.Context, by authz.Actor) ([]Term, error) {
	if err := view(by); err != nil {
		return nil, err
	}
	var out []Term
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Terms(ctx, by.CommitteeID)
		return err
	})
	return out, err
}

func checkName(field, name string, max int) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errs.Field(field, "请输入名称")
	}
	if utf8.RuneCountInString(name) > max {
		return "", errs.Field(field, "名称不能超过 "+strconv.Itoa(max)+" 个字")
	}
	return name, nil
}

func entry(by authz.Actor, action, objType string, id int64, changes map[string]audit.Change) audit.Entry {
	return audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()), CommitteeID: by.CommitteeID,
		Action: action, ObjectType: objType, ObjectID: strconv.FormatInt(id, 10), Changes: changes, ClientAddr: by.Addr}
}

// AddItem adds a name to one of the committee's lists.
func (s *Service) AddItem(ctx context.Context, by authz.Actor, kind ListKind, name string) (Item, error) {
	if !ValidListKind(kind) {
		return Item{}, errs.E(errs.NotFound, "名单类别不存在")
	}
	name, err := checkName("name", name, 40)
	if err != nil {
		return Item{}, err
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return Item{}, err
	}
	it := Item{Name: name}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertItem(ctx, kind, by.CommitteeID, &it); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("name", kind.Name()+"“"+name+"”已存在")
			}
			return err
		}
		return tx.Audit(ctx, entry(by, string(kind)+".create", string(kind), it.ID, map[string]audit.Change{"name": {New: name}}))
	})
	return it, err
}

// RenameItem renames item id of one of the committee's lists. Members and
// records refer to the item by id, so they follow the new name; the audit
// entry keeps the old one.
func (s *Service) RenameItem(ctx context.Context, by authz.Actor, kind ListKind, id int64, name string) error {
	if !ValidListKind(kind) {
		return errs.E(errs.NotFound, "名单类别不存在")
	}
	name, err := checkName("name", name, 40)
	if err != nil {
		return err
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return err
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		old, err := tx.RenameItem(ctx, kind, by.CommitteeID, id, name)
		if errs.Is(err, errs.Conflict) {
			return errs.Field("name", kind.Name()+"“"+name+"”已存在")
		}
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.NotFound, "%s不存在", kind.Name())
		}
		if err != nil {
			return err
		}
		if old == name {
			return nil
		}
		return tx.Audit(ctx, entry(by, string(kind)+".rename", string(kind), id, map[string]audit.Change{"name": {Old: old, New: name}}))
	})
}

// AddUnit adds a unit.
func (s *Service) AddUnit(ctx context.Context, by authz.Actor, u Unit) (Unit, error) {
	name, err := checkName("name", u.Name, 60)
	if err != nil {
		return Unit{}, err
	}
	u.Name = name
	u.Category = strings.TrimSpace(u.Category)
	if !ValidUnitKind(u.Kind) {
		return Unit{}, errs.Field("kind", "单位类别无效")
	}
	if utf8.RuneCountInString(u.Category) > 40 {
		return Unit{}, errs.Field("category", "分类不能超过 40 个字")
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return Unit{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertUnit(ctx, by.CommitteeID, &u); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("name", "单位“"+u.Name+"”已存在")
			}
			return err
		}
		return tx.Audit(ctx, entry(by, "unit.create", "unit", u.ID, map[string]audit.Change{"name": {New: u.Name}, "kind": {New: string(u.Kind)}}))
	})
	return u, err
}

// AddTerm adds a term.
func (s *Service) AddTerm(ctx context.Context, by authz.Actor, t Term) (Term, error) {
	var c errs.Check
	c.If(t.Number < 1 || t.Number > 99, "number", "届次应为 1 至 99")
	c.If(t.StartsOn.IsZero(), "starts_on", "请填写开始日期")
	c.If(!t.EndsOn.IsZero() && !t.EndsOn.After(t.StartsOn), "ends_on", "结束日期应晚于开始日期")
	t.Name = strings.TrimSpace(t.Name)
	c.If(utf8.RuneCountInString(t.Name) > 20, "name", "届次名称不能超过 20 个字")
	if err := c.Err(); err != nil {
		return Term{}, err
	}
	if t.Name == "" {
		t.Name = "第" + Numeral(t.Number) + "届"
	}
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return Term{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.InsertTerm(ctx, by.CommitteeID, &t); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.Field("number", t.Name+"已存在")
			}
			return err
		}
		return tx.Audit(ctx, entry(by, "term.create", "term", t.ID, map[string]audit.Change{"name": {New: t.Name}}))
	})
	return t, err
}

// Numeral writes 1–99 in Chinese numerals as term names use them: 十一.
func Numeral(n int) string {
	d := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return d[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + d[n-10]
	case n%10 == 0:
		return d[n/10] + "十"
	}
	return d[n/10] + "十" + d[n%10]
}
