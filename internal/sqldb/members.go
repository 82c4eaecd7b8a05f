package sqldb

import (
	"context"
	"strings"

	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/names"
)

// FieldCipher seals sensitive columns at rest and makes blind indexes for
// looking them up without decrypting (see internal/crypt).
type FieldCipher interface {
	Seal(plaintext, aad string) string
	Open(sealed, aad string) (string, error)
	Index(kind, value string) string
}

// Members returns the member.Store over db.
func Members(db *DB) member.Store { return Store[member.Tx]{db} }

func (tx *Tx) cipher() (FieldCipher, error) {
	if tx.db == nil || tx.db.Cipher == nil {
		return nil, errs.E(errs.Internal, "未配置加密密钥")
	}
	return tx.db.Cipher, nil
}

// index returns the blind index of a non-empty value, or NULL.
func index(c FieldCipher, kind, v string) any {
	if v == "" {
		return nil
	}
	return c.Index(kind, v)
}

func searchText(name string) string {
	return strings.ToLower(strings.Join(names.SearchKeys(name), " "))
}

const memberCols = `m.id, m.committee_id, m.name, m.gender, m.ethnicity, m.birth_year, m.birth_month, m.birth_day, m.party,
	COALESCE(m.sector_id, 0), COALESCE(s.name, ''), m.employer_title, m.mobile_enc, m.id_enc, m.address_enc, m.standing,
	m.titles, COALESCE(m.user_id, 0), m.version, m.name_pinyin, m.photo_tag, m.created_at, m.updated_at`

const memberFrom = ` FROM members m LEFT JOIN sectors s ON s.id = m.sector_id`

func (tx *Tx) scanMember(c FieldCipher, row interface{ Scan(...any) error }) (member.Member, error) {
	return tx.scanMemberOpening(c, row, true)
}

// scanMemberOpening scans a member row, decrypting the mobile and, when all
// is set, the identity number and address.
func (tx *Tx) scanMemberOpening(c FieldCipher, row interface{ Scan(...any) error }, all bool) (member.Member, error) {
	var m member.Member
	var mob, idn, addr, titles string
	err := row.Scan(&m.ID, &m.CommitteeID, &m.Name, &m.Gender, &m.Ethnicity, &m.BirthYear, &m.BirthMonth, &m.BirthDay,
		&m.Party, &m.SectorID, &m.SectorName, &m.EmployerTitle, &mob, &idn, &addr, &m.Standing, &titles, &m.UserID,
		&m.Version, &m.SortKey, &m.PhotoTag, nullTime{&m.CreatedAt}, nullTime{&m.UpdatedAt})
	if err != nil {
		return m, mapErr(err)
	}
	if titles != "" {
		m.Titles = strings.Split(titles, ",")
	}
	for _, f := range []struct {
		dst  *string
		src  string
		name string
	}{{&m.Mobile, mob, "member.mobile"}, {&m.IDNumber, idn, "member.id_number"}, {&m.Address, addr, "member.address"}} {
		if f.src == "" || (!all && f.name != "member.mobile") {
			continue
		}
		v, err := c.Open(f.src, f.name)
		if err != nil {
			return m, errs.Wrap(errs.Internal, err, "敏感字段解密失败")
		}
		*f.dst = v
	}
	return m, nil
}

// MemberByID returns member id with its special committees and memberships.
func (tx *Tx) MemberByID(ctx context.Context, id int64) (member.Member, error) {
	c, err := tx.cipher()
	if err != nil {
		return member.Member{}, err
	}
	m, err := tx.scanMember(c, tx.queryRow(ctx, "SELECT "+memberCols+memberFrom+" WHERE m.id = ?"+tx.forUpdateOf("m"), id))
	if errs.Is(err, errs.NotFound) {
		return m, errs.Wrap(errs.NotFound, err, "委员不存在")
	}
	if err != nil {
		return m, err
	}
	rows, err := tx.query(ctx, `SELECT sc.id, sc.name, msc.position FROM member_special_committees msc
		JOIN special_committees sc ON sc.id = msc.special_committee_id WHERE msc.member_id = ? ORDER BY sc.position, sc.id`, id)
	if err != nil {
		return m, err
	}
	for rows.Next() {
		var s member.SpecialCommittee
		var pos string
		if err := rows.Scan(&s.ID, &s.Name, &pos); err != nil {
			rows.Close()
			return m, mapErr(err)
		}
		s.Position = member.Position(pos)
		m.SpecialCommittees = append(m.SpecialCommittees, s)
	}
	rows.Close()
	rows, err = tx.query(ctx, `SELECT t.id, t.name, ms.status, ms.started_on, ms.ended_on FROM memberships ms
		JOIN terms t ON t.id = ms.term_id WHERE ms.member_id = ? ORDER BY t.number`, id)
	if err != nil {
		return m, err
	}
	defer rows.Close()
	for rows.Next() {
		var ms member.Membership
		var st string
		if err := rows.Scan(&ms.TermID, &ms.TermName, &st, nullTime{&ms.StartedOn}, nullTime{&ms.EndedOn}); err != nil {
			return m, mapErr(err)
		}
		ms.Status = member.Status(st)
		m.Memberships = append(m.Memberships, ms)
	}
	return m, mapErr(rows.Err())
}

func (tx *Tx) memberArgs(c FieldCipher, m *member.Member) []any {
	var sector any
	if m.SectorID != 0 {
		sector = m.SectorID
	}
	var user any
	if m.UserID != 0 {
		user = m.UserID
	}
	m.SortKey = names.Pinyin(m.Name)
	return []any{m.Name, m.Gender, m.Ethnicity, m.BirthYear, m.BirthMonth, m.BirthDay, m.Party, sector, m.EmployerTitle,
		c.Seal(m.Mobile, "member.mobile"), index(c, "mobile", m.Mobile), c.Seal(m.IDNumber, "member.id_number"),
		index(c, "id_number", m.IDNumber), c.Seal(m.Address, "member.address"), m.Standing, strings.Join(m.Titles, ","),
		user, m.SortKey, searchText(m.Name)}
}

// InsertMember stores m and its special committees and sets its ID. A taken
// ID number or mobile in the committee is a Conflict.
func (tx *Tx) InsertMember(ctx context.Context, m *member.Member) error {
	c, err := tx.cipher()
	if err != nil {
		return err
	}
	m.CreatedAt, m.UpdatedAt, m.Version = tx.now, tx.now, 1
	args := append([]any{m.CommitteeID}, tx.memberArgs(c, m)...)
	args = append(args, m.Version, tx.ts(m.CreatedAt), tx.ts(m.UpdatedAt))
	id, err := tx.insert(ctx, `INSERT INTO members (committee_id, name, gender, ethnicity, birth_year, birth_month, birth_day,
		party, sector_id, employer_title, mobile_enc, mobile_idx, id_enc, id_idx, address_enc, standing, titles, user_id,
		name_pinyin, search, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return err
	}
	m.ID = id
	if err := tx.setSpecialCommittees(ctx, m); err != nil {
		return err
	}
	for _, ms := range m.Memberships {
		if _, err := tx.exec(ctx, "INSERT INTO memberships (member_id, term_id, status, started_on, ended_on) VALUES (?, ?, ?, ?, ?)",
			m.ID, ms.TermID, string(ms.Status), tx.day(ms.StartedOn), tx.day(ms.EndedOn)); err != nil {
			return err
		}
	}
	return nil
}

// SetConveners replaces the conveners of a sector.
func (tx *Tx) SetConveners(ctx context.Context, sectorID int64, memberIDs []int64) error {
	if _, err := tx.exec(ctx, "DELETE FROM sector_conveners WHERE sector_id = ?", sectorID); err != nil {
		return err
	}
	for _, id := range memberIDs {
		if _, err := tx.exec(ctx, "INSERT INTO sector_conveners (sector_id, member_id) VALUES (?, ?)", sectorID, id); err != nil {
			return err
		}
	}
	return nil
}

// SectorConveners returns the conveners of a sector in pinyin order.
func (tx *Tx) SectorConveners(ctx context.Context, sectorID int64) ([]member.Member, error) {
	c, err := tx.cipher()
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, "SELECT "+memberCols+memberFrom+` JOIN sector_conveners sc ON sc.member_id = m.id
		WHERE sc.sector_id = ? ORDER BY m.name_pinyin, m.id`, sectorID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []member.Member
	for rows.Next() {
		m, err := tx.scanMember(c, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, mapErr(rows.Err())
}

// UserCommittee returns the committee of login account id.
func (tx *Tx) UserCommittee(ctx context.Context, userID int64) (int64, error) {
	var c int64
	err := tx.queryRow(ctx, "SELECT committee_id FROM users WHERE id = ?", userID).Scan(&c)
	return c, mapErr(err)
}

// LinkMemberUser links member id to a login account.
func (tx *Tx) LinkMemberUser(ctx context.Context, memberID, userID int64) error {
	res, err := tx.exec(ctx, "UPDATE members SET user_id = ?, version = version + 1 WHERE id = ?", userID, memberID)
	return oneRow(res, err, "委员不存在")
}

// CountMembers returns the number of members of a committee.
func (tx *Tx) CountMembers(ctx context.Context, committeeID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, "SELECT COUNT(*) FROM members WHERE committee_id = ?", committeeID).Scan(&n)
	return n, mapErr(err)
}

func (tx *Tx) setSpecialCommittees(ctx context.Context, m *member.Member) error {
	if _, err := tx.exec(ctx, "DELETE FROM member_special_committees WHERE member_id = ?", m.ID); err != nil {
		return err
	}
	for _, s := range m.SpecialCommittees {
		pos := s.Position
		if pos == "" {
			pos = member.Plain
		}
		if _, err := tx.exec(ctx, "INSERT INTO member_special_committees (member_id, special_committee_id, position) VALUES (?, ?, ?)",
			m.ID, s.ID, string(pos)); err != nil {
			return err
		}
	}
	return nil
}

// UpdateMember writes m guarded by its version and increments the version;
// zero rows updated means someone else changed it first (Conflict).
func (tx *Tx) UpdateMember(ctx context.Context, m *member.Member) error {
	c, err := tx.cipher()
	if err != nil {
		return err
	}
	args := append(tx.memberArgs(c, m), tx.ts(tx.now), m.ID, m.Version)
	res, err := tx.exec(ctx, `UPDATE members SET name = ?, gender = ?, ethnicity = ?, birth_year = ?, birth_month = ?,
		birth_day = ?, party = ?, sector_id = ?, employer_title = ?, mobile_enc = ?, mobile_idx = ?, id_enc = ?, id_idx = ?,
		address_enc = ?, standing = ?, titles = ?, user_id = ?, name_pinyin = ?, search = ?, version = version + 1,
		updated_at = ? WHERE id = ? AND version = ?`, args...)
	if err := oneRow(res, err, "委员不存在"); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.Conflict, "该委员信息已被他人修改,请刷新后重新编辑")
		}
		return err
	}
	m.Version++
	m.UpdatedAt = tx.now
	return tx.setSpecialCommittees(ctx, m)
}

// ListMembers returns up to f.Limit members matching f ordered by the
// pinyin of their names, after the cursor (f.AfterKey, f.AfterID).
func (tx *Tx) ListMembers(ctx context.Context, f member.Filter) ([]member.Member, error) {
	c, err := tx.cipher()
	if err != nil {
		return nil, err
	}
	where := []string{"m.committee_id = ?"}
	args := []any{f.CommitteeID}
	add := func(cond string, a ...any) { where = append(where, cond); args = append(args, a...) }
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		add(`m.search LIKE ? ESCAPE '\'`, "%"+escapeLike(q)+"%")
	}
	if f.SectorID != 0 {
		add("m.sector_id = ?", f.SectorID)
	}
	if f.Party != "" {
		add("m.party = ?", f.Party)
	}
	if f.SpecialCommitteeID != 0 {
		add("EXISTS (SELECT 1 FROM member_special_committees x WHERE x.member_id = m.id AND x.special_committee_id = ?)", f.SpecialCommitteeID)
	}
	switch f.Title {
	case "":
	case "常委":
		add("m.standing = ?", true)
	default:
		add(`(',' || m.titles || ',') LIKE ? ESCAPE '\'`, "%,"+escapeLike(f.Title)+",%")
	}
	if f.Status != "" {
		if f.TermID != 0 {
			add("EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id AND x.term_id = ? AND x.status = ?)", f.TermID, string(f.Status))
		} else {
			add("EXISTS (SELECT 1 FROM memberships x WHERE x.member_id = m.id AND x.status = ?)", string(f.Status))
		}
	}
	if f.AfterID != 0 {
		add("(m.name_pinyin > ? OR (m.name_pinyin = ? AND m.id > ?))", f.AfterKey, f.AfterKey, f.AfterID)
	}
	args = append(args, f.Limit)
	rows, err := tx.query(ctx, "SELECT "+memberCols+memberFrom+" WHERE "+strings.Join(where, " AND ")+
		" ORDER BY m.name_pinyin, m.id LIMIT ?", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []member.Member
	for rows.Next() {
		m, err := tx.scanMemberOpening(c, rows, f.AllSensitive)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil || !f.WithSpecialCommittees || len(out) == 0 {
		return out, mapErr(err)
	}
	return out, tx.loadSpecialCommittees(ctx, out)
}

// loadSpecialCommittees fills in the special committees of ms in one query.
func (tx *Tx) loadSpecialCommittees(ctx context.Context, ms []member.Member) error {
	at := make(map[int64]int, len(ms))
	ph := make([]string, len(ms))
	args := make([]any, len(ms))
	for i, m := range ms {
		at[m.ID], ph[i], args[i] = i, "?", m.ID
	}
	rows, err := tx.query(ctx, `SELECT msc.member_id, sc.id, sc.name, msc.position FROM member_special_committees msc
		JOIN special_committees sc ON sc.id = msc.special_committee_id WHERE msc.member_id IN (`+strings.Join(ph, ",")+`)
		ORDER BY sc.position, sc.id`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var mid int64
		var s member.SpecialCommittee
		var pos string
		if err := rows.Scan(&mid, &s.ID, &s.Name, &pos); err != nil {
			return mapErr(err)
		}
		s.Position = member.Position(pos)
		i := at[mid]
		ms[i].SpecialCommittees = append(ms[i].SpecialCommittees, s)
	}
	return mapErr(rows.Err())
}

// Imports returns the member.ImportStore over db.
func Imports(db *DB) member.ImportStore { return Store[member.ImportTx]{db} }

// MemberIDsByIDNumber finds the committee's members holding any of these
// identity numbers through their blind indexes, in one query: an import of
// 10,000 rows asks once rather than per row.
func (tx *Tx) MemberIDsByIDNumber(ctx context.Context, committeeID int64, idNumbers []string) (map[string]int64, error) {
	c, err := tx.cipher()
	if err != nil {
		return nil, err
	}
	wanted := make(map[string]string, len(idNumbers)) // blind index → number
	for _, n := range idNumbers {
		wanted[c.Index("id_number", n)] = n
	}
	rows, err := tx.query(ctx, "SELECT id, id_idx FROM members WHERE committee_id = ? AND id_idx IS NOT NULL", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var id int64
		var idx string
		if err := rows.Scan(&id, &idx); err != nil {
			return nil, mapErr(err)
		}
		if n, ok := wanted[idx]; ok {
			out[n] = id
		}
	}
	return out, mapErr(rows.Err())
}

// MobileOwners returns, for every member of the committee with a mobile
// number, the identity number keyed by the mobile number's blind index
// (see FieldCipher.Index with kind "mobile"). One query serves a whole
// roster check.
func (tx *Tx) MobileOwners(ctx context.Context, committeeID int64) (map[string]string, error) {
	c, err := tx.cipher()
	if err != nil {
		return nil, err
	}
	rows, err := tx.query(ctx, "SELECT mobile_idx, id_enc FROM members WHERE committee_id = ? AND mobile_idx IS NOT NULL", committeeID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var idx, sealed string
		if err := rows.Scan(&idx, &sealed); err != nil {
			return nil, mapErr(err)
		}
		idn := ""
		if sealed != "" {
			if idn, err = c.Open(sealed, "member.id_number"); err != nil {
				return nil, errs.Wrap(errs.Internal, err, "敏感字段解密失败")
			}
		}
		out[idx] = idn
	}
	return out, mapErr(rows.Err())
}

// SetMembership adds or replaces the membership of member memberID in
// ms.TermID and increments the member's version, guarded by version: zero
// rows updated means someone else changed the member first (Conflict).
func (tx *Tx) SetMembership(ctx context.Context, memberID int64, version int, ms member.Membership) error {
	res, err := tx.exec(ctx, "UPDATE members SET version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
		tx.ts(tx.now), memberID, version)
	if err := oneRow(res, err, "委员不存在"); err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.E(errs.Conflict, "该委员信息已被他人修改,请刷新后重新编辑")
		}
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO memberships (member_id, term_id, status, started_on, ended_on) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (member_id, term_id) DO UPDATE SET status = excluded.status, started_on = excluded.started_on,
		ended_on = excluded.ended_on`, memberID, ms.TermID, string(ms.Status), tx.day(ms.StartedOn), tx.day(ms.EndedOn))
	return err
}

// MemberPhoto returns member id's photo, or NotFound.
func (tx *Tx) MemberPhoto(ctx context.Context, id int64) (member.Photo, error) {
	var p member.Photo
	err := tx.queryRow(ctx, "SELECT content_type, data, tag, updated_at FROM member_photos WHERE member_id = ?", id).
		Scan(&p.ContentType, &p.Data, &p.Tag, nullTime{&p.UpdatedAt})
	if errs.Is(mapErr(err), errs.NotFound) {
		return p, errs.E(errs.NotFound, "该委员没有照片")
	}
	return p, mapErr(err)
}

// SetMemberPhoto stores p as member id's photo (nil Data removes it) and
// records its tag on the member row, guarded by version: zero rows updated
// means someone else changed the member first (Conflict).
func (tx *Tx) SetMemberPhoto(ctx context.Context, id int64, version int, p member.Photo) error {
	res, err := tx.exec(ctx, "UPDATE members SET photo_tag = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?",
		p.Tag, tx.ts(tx.now), id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "该委员的信息已被他人修改,请刷新后重试")
	}
	if p.Data == nil {
		_, err = tx.exec(ctx, "DELETE FROM member_photos WHERE member_id = ?", id)
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO member_photos (member_id, content_type, data, tag, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (member_id) DO UPDATE SET content_type = excluded.content_type, data = excluded.data,
		tag = excluded.tag, updated_at = excluded.updated_at`, id, p.ContentType, p.Data, p.Tag, tx.ts(tx.now))
	return err
}
