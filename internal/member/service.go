package member

import (
	"context"
	"iter"
	"slices"
	"strconv"
	"strings"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/idcard"
	"xieshang/internal/mask"
	"xieshang/internal/org"
)

// Service carries out member operations; every change and its audit entry
// commit in one transaction.
type Service struct{ store Store }

// NewService returns a Service over store.
func NewService(store Store) *Service { return &Service{store: store} }

func entry(by authz.Actor, action string, id int64, changes map[string]audit.Change) audit.Entry {
	return audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()), CommitteeID: by.CommitteeID,
		Action: action, ObjectType: "member", ObjectID: strconv.FormatInt(id, 10), Changes: changes, ClientAddr: by.Addr}
}

// memberIn reads member id for an actor of the same committee; a member of
// another committee is NotFound, as if it did not exist.
func memberIn(ctx context.Context, tx Tx, by authz.Actor, id int64) (Member, error) {
	m, err := tx.MemberByID(ctx, id)
	if err != nil {
		return Member{}, err
	}
	if m.CommitteeID != by.CommitteeID && !by.System {
		return Member{}, errs.E(errs.NotFound, "委员不存在")
	}
	return m, nil
}

// editable is memberIn for actors who may edit members.
func editable(ctx context.Context, tx Tx, by authz.Actor, id int64) (Member, error) {
	m, err := memberIn(ctx, tx, by, id)
	if err != nil {
		return Member{}, err
	}
	return m, authz.Check(by, authz.EditMembers, authz.Object{CommitteeID: m.CommitteeID})
}

// Masked returns m with mobile, ID number and address masked for display.
func Masked(m Member) Member {
	m.Mobile = mask.Mobile(m.Mobile)
	m.IDNumber = idcard.Mask(m.IDNumber)
	if m.Address != "" {
		m.Address = "[已隐藏]"
	}
	return m
}

// Create adds a member to the actor's committee. Only office staff may.
func (s *Service) Create(ctx context.Context, by authz.Actor, m Member) (Member, error) {
	return s.create(ctx, by, m, nil)
}

func (s *Service) create(ctx context.Context, by authz.Actor, m Member, also func(context.Context, Tx, Member) error) (Member, error) {
	m.CommitteeID = by.CommitteeID
	if err := m.Validate(); err != nil {
		return Member{}, err
	}
	if err := authz.Check(by, authz.EditMembers, authz.Object{CommitteeID: m.CommitteeID}); err != nil {
		return Member{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := resolve(ctx, tx, &m); err != nil {
			return err
		}
		if err := tx.InsertMember(ctx, &m); err != nil {
			return duplicate(err)
		}
		if err := tx.Audit(ctx, entry(by, "member.create", m.ID, audit.Diff(nil, m.auditFields()))); err != nil {
			return err
		}
		if also != nil {
			return also(ctx, tx, m)
		}
		return nil
	})
	return m, err
}

// AccountMaker creates a login account for a member just created, inside
// the same transaction, and returns its user id.
type AccountMaker func(ctx context.Context, tx Tx, m Member) (userID int64, err error)

// CreateWithAccount is Create that also gives the member a login account
// made by makeAccount and links it, all in one transaction: if any step
// fails, nothing is written.
func (s *Service) CreateWithAccount(ctx context.Context, by authz.Actor, m Member, makeAccount AccountMaker) (Member, error) {
	return s.create(ctx, by, m, func(ctx context.Context, tx Tx, m Member) error {
		uid, err := makeAccount(ctx, tx, m)
		if err != nil {
			return err
		}
		return linkAccount(ctx, tx, by, m.ID, uid)
	})
}

// resolve checks that the sector and special committees m refers to belong
// to its committee, and fills in their names.
func resolve(ctx context.Context, tx Tx, m *Member) error {
	if m.SectorID != 0 {
		sectors, err := tx.Items(ctx, org.Sectors, m.CommitteeID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(sectors, func(it org.Item) bool { return it.ID == m.SectorID })
		if i < 0 {
			return errs.Field("sector_id", "界别不存在,请从本政协的界别中选择")
		}
		m.SectorName = sectors[i].Name
	}
	if len(m.SpecialCommittees) == 0 {
		return nil
	}
	specials, err := tx.Items(ctx, org.SpecialCommittees, m.CommitteeID)
	if err != nil {
		return err
	}
	for k, sc := range m.SpecialCommittees {
		i := slices.IndexFunc(specials, func(it org.Item) bool { return it.ID == sc.ID })
		if i < 0 {
			return errs.Field("special_committees", "专委会不存在,请从本政协的专委会中选择")
		}
		m.SpecialCommittees[k].Name = specials[i].Name
	}
	return nil
}

// duplicate names the field of a unique violation on members.
func duplicate(err error) error {
	if errs.Is(err, errs.Conflict) {
		return errs.Field("id_number", "已有委员使用相同的身份证号或手机号码")
	}
	return err
}

// Update replaces the particulars of member m.ID, provided nobody changed
// it since m.Version was read; otherwise it returns a Conflict.
func (s *Service) Update(ctx context.Context, by authz.Actor, m Member) (Member, error) {
	if err := m.Validate(); err != nil {
		return Member{}, err
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		old, err := editable(ctx, tx, by, m.ID)
		if err != nil {
			return err
		}
		if old.Version != m.Version {
			return errs.E(errs.Conflict, "该委员信息已被他人修改,请刷新后重新编辑")
		}
		m.CommitteeID, m.UserID = old.CommitteeID, old.UserID
		if err := resolve(ctx, tx, &m); err != nil {
			return err
		}
		if err := tx.UpdateMember(ctx, &m); err != nil {
			return duplicate(err)
		}
		return tx.Audit(ctx, entry(by, "member.update", m.ID, audit.Diff(old.auditFields(), m.auditFields())))
	})
	return m, err
}

// UpdateContact changes a member's own mobile and address. The member
// linked to the actor's account may do it, and so may office staff.
func (s *Service) UpdateContact(ctx context.Context, by authz.Actor, id int64, version int, mobile, address string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		m, err := memberIn(ctx, tx, by, id)
		if err != nil {
			return err
		}
		own := authz.Can(by, authz.EditOwnContact, authz.Object{CommitteeID: m.CommitteeID, OwnerID: m.UserID})
		if !own && !authz.Can(by, authz.EditMembers, authz.Object{CommitteeID: m.CommitteeID}) {
			return errs.E(errs.Forbidden, "您只能修改本人的联系方式")
		}
		if m.Version != version {
			return errs.E(errs.Conflict, "该委员信息已被他人修改,请刷新后重新编辑")
		}
		old := m.auditFields()
		m.Mobile, m.Address = mobile, address
		if err := m.Validate(); err != nil {
			return err
		}
		if err := tx.UpdateMember(ctx, &m); err != nil {
			return duplicate(err)
		}
		return tx.Audit(ctx, entry(by, "member.contact", m.ID, audit.Diff(old, m.auditFields())))
	})
}

// Get returns member id as the actor may see it: masked, unless reveal is
// set and the actor's role may see sensitive fields, in which case the view
// is audited. A member sees their own record unmasked.
func (s *Service) Get(ctx context.Context, by authz.Actor, id int64, reveal bool) (Member, error) {
	var m Member
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if m, err = memberIn(ctx, tx, by, id); err != nil {
			return err
		}
		return authz.Check(by, authz.ViewMembers, authz.Object{CommitteeID: m.CommitteeID})
	})
	if err != nil {
		return Member{}, err
	}
	if m.UserID != 0 && m.UserID == by.UserID {
		return m, nil
	}
	if !reveal {
		return Masked(m), nil
	}
	if err := authz.Check(by, authz.ViewUnmasked, authz.Object{CommitteeID: m.CommitteeID}); err != nil {
		return Member{}, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, entry(by, "unmask", m.ID, map[string]audit.Change{"fields": {New: "mobile,id_number,address"}}))
	})
	return m, err
}

// List returns members of the actor's committee matching f, masked,
// ordered by name then id, after the cursor in f.
func (s *Service) List(ctx context.Context, by authz.Actor, f Filter) ([]Member, error) {
	if err := authz.Check(by, authz.ViewMembers, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	if f.Status != "" && !ValidStatus(f.Status) {
		return nil, errs.Field("status", "状态应为 serving(在任)、resigned(辞去)或 revoked(撤销)")
	}
	f.CommitteeID = by.CommitteeID
	if f.Limit <= 0 || f.Limit > 201 {
		f.Limit = 50
	}
	var out []Member
	err := s.store.View(ctx, func(tx Tx) error {
		if f.Status != "" && f.TermID == 0 {
			// A status filter without a term means the current term: the
			// latest one.
			terms, err := tx.Terms(ctx, by.CommitteeID)
			if err != nil {
				return err
			}
			if len(terms) > 0 {
				f.TermID = terms[len(terms)-1].ID
			}
		}
		var err error
		out, err = tx.ListMembers(ctx, f)
		return err
	})
	for i := range out {
		out[i] = Masked(out[i])
	}
	return out, err
}

// DirectoryVersion returns a counter of the actor's committee that changes
// whenever anything List could return changes, committed with that change;
// a cache of lists keyed by it is never stale.
func (s *Service) DirectoryVersion(ctx context.Context, by authz.Actor) (int64, error) {
	if err := authz.Check(by, authz.ViewMembers, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return 0, err
	}
	var v int64
	err := s.store.Peek(ctx, func(tx Tx) error {
		var err error
		v, err = tx.DirectoryVersion(ctx, by.CommitteeID)
		return err
	})
	return v, err
}

// LinkAccount links member memberID to login account userID, both of the
// actor's committee, so that the member sees their own record and may edit
// their contact details. Office staff may; a member already linked is a
// Conflict.
func (s *Service) LinkAccount(ctx context.Context, by authz.Actor, memberID, userID int64) error {
	return s.store.InTx(ctx, func(tx Tx) error { return linkAccount(ctx, tx, by, memberID, userID) })
}

func linkAccount(ctx context.Context, tx Tx, by authz.Actor, memberID, userID int64) error {
	m, err := editable(ctx, tx, by, memberID)
	if err != nil {
		return err
	}
	if c, err := tx.UserCommittee(ctx, userID); err != nil || c != m.CommitteeID {
		return errs.E(errs.NotFound, "登录账号不存在")
	}
	if m.UserID != 0 {
		return errs.E(errs.Conflict, "该委员已关联登录账号")
	}
	if err := tx.LinkMemberUser(ctx, memberID, userID); err != nil {
		return err
	}
	return tx.Audit(ctx, entry(by, "member.link_account", m.ID, map[string]audit.Change{"user_id": {New: userID}}))
}

// sector returns the actor's committee's sector id, or NotFound.
func sector(ctx context.Context, tx Tx, by authz.Actor, id int64) (org.Item, error) {
	sectors, err := tx.Items(ctx, org.Sectors, by.CommitteeID)
	if err != nil {
		return org.Item{}, err
	}
	i := slices.IndexFunc(sectors, func(it org.Item) bool { return it.ID == id })
	if i < 0 {
		return org.Item{}, errs.E(errs.NotFound, "界别不存在")
	}
	return sectors[i], nil
}

// Conveners returns the conveners (召集人) of sector sectorID of the
// actor's committee, masked, in pinyin order.
func (s *Service) Conveners(ctx context.Context, by authz.Actor, sectorID int64) ([]Member, error) {
	if err := authz.Check(by, authz.ViewMembers, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	var out []Member
	err := s.store.View(ctx, func(tx Tx) error {
		if _, err := sector(ctx, tx, by, sectorID); err != nil {
			return err
		}
		var err error
		out, err = tx.SectorConveners(ctx, sectorID)
		return err
	})
	for i := range out {
		out[i] = Masked(out[i])
	}
	return out, err
}

// SetConveners makes memberIDs the conveners of sector sectorID, replacing
// the previous ones. Each must be a member of the committee in that sector.
// Office staff may; the change is audited with the old and new lists.
func (s *Service) SetConveners(ctx context.Context, by authz.Actor, sectorID int64, memberIDs []int64) error {
	if err := authz.Check(by, authz.EditOrg, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return err
	}
	ids := slices.Clone(memberIDs)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	return s.store.InTx(ctx, func(tx Tx) error {
		sec, err := sector(ctx, tx, by, sectorID)
		if err != nil {
			return err
		}
		var newNames []string
		for _, id := range ids {
			m, err := tx.MemberByID(ctx, id)
			if errs.Is(err, errs.NotFound) || (err == nil && m.CommitteeID != by.CommitteeID) {
				return errs.Field("member", "所选委员不存在")
			}
			if err != nil {
				return err
			}
			if m.SectorID != sectorID {
				return errs.Field("member", m.Name+"不属于"+sec.Name+"界别,不能担任该界别召集人")
			}
			newNames = append(newNames, m.Name)
		}
		old, err := tx.SectorConveners(ctx, sectorID)
		if err != nil {
			return err
		}
		oldNames := make([]string, len(old))
		for i, m := range old {
			oldNames[i] = m.Name
		}
		if err := tx.SetConveners(ctx, sectorID, ids); err != nil {
			return err
		}
		return tx.Audit(ctx, audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()),
			CommitteeID: by.CommitteeID, Action: "sector.conveners", ObjectType: "sector", ObjectID: strconv.FormatInt(sectorID, 10),
			ClientAddr: by.Addr, Changes: map[string]audit.Change{"conveners": {Old: strings.Join(oldNames, "、"), New: strings.Join(newNames, "、")}}})
	})
}

// exportPage is how many members Export reads at a time.
const exportPage = 500

// Export records an export by the actor in the audit log, then calls write
// with the committee's members in pinyin order, read page by page so the
// whole roster is never in memory: masked, or in full when full is set and
// the actor's role may see sensitive fields.
func (s *Service) Export(ctx context.Context, by authz.Actor, full bool, write func(iter.Seq[Member]) error) error {
	obj := authz.Object{CommitteeID: by.CommitteeID}
	if err := authz.Check(by, authz.ExportRoster, obj); err != nil {
		return err
	}
	if full {
		if err := authz.Check(by, authz.ViewUnmasked, obj); err != nil {
			return err
		}
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		return tx.Audit(ctx, audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()),
			CommitteeID: by.CommitteeID, Action: "export", ObjectType: "roster", ObjectID: strconv.FormatInt(by.CommitteeID, 10),
			ClientAddr: by.Addr, Changes: map[string]audit.Change{"full": {New: full}}})
	})
	if err != nil {
		return err
	}
	var readErr error
	rows := func(yield func(Member) bool) {
		f := Filter{CommitteeID: by.CommitteeID, Limit: exportPage, WithSpecialCommittees: true, AllSensitive: true}
		for {
			var page []Member
			readErr = s.store.View(ctx, func(tx Tx) error {
				var err error
				page, err = tx.ListMembers(ctx, f)
				return err
			})
			if readErr != nil {
				return
			}
			for _, m := range page {
				if !full {
					m = Masked(m)
				}
				if !yield(m) {
					return
				}
			}
			if len(page) < exportPage {
				return
			}
			f.AfterKey, f.AfterID = page[len(page)-1].SortKey, page[len(page)-1].ID
		}
	}
	if err := write(rows); err != nil {
		return err
	}
	return readErr
}
