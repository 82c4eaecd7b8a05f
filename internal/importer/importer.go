// Package importer runs a roster import end to end: it reads the committee's
// lists, parses and checks the sheet (internal/roster), and either returns
// the sheet with an error column or writes every row in one transaction
// (member.Import). The CLI and the web's background job both call Run.
package importer

import (
	"bytes"
	"context"
	"sort"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
)

// Outcome is what an import did or would do.
type Outcome struct {
	Parsed     *roster.Result
	ErrorSheet []byte // the uploaded workbook with an error column, when there are problems
	Result     member.ImportResult
	DryRun     bool
}

// OK reports whether the sheet had no problems.
func (o *Outcome) OK() bool { return o.Parsed != nil && len(o.Parsed.Problems) == 0 }

// Progress reports a stage ("检查" or "写入") and how far it has got.
type Progress func(stage string, done, total int)

// known answers roster.Known from the committee's mobile numbers, read
// once (by blind index) before the check.
type known struct {
	owners map[string]string // mobile index → identity number
	index  func(kind, value string) string
}

func (k *known) MobileOwner(mobile string) (string, bool) {
	idn, ok := k.owners[k.index("mobile", mobile)]
	return idn, ok
}

// Run imports data (an .xlsx file) into the actor's committee. With dryRun
// it checks but writes nothing. A sheet with problems writes nothing and
// comes back with its error sheet; the error return is for files that
// cannot be read at all and for failures of the database.
func Run(ctx context.Context, db *sqldb.DB, orgs *org.Service, by authz.Actor, data []byte, dryRun bool, progress Progress) (*Outcome, error) {
	if err := authz.Check(by, authz.ImportRoster, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return nil, err
	}
	if progress == nil {
		progress = func(string, int, int) {}
	}
	lists, err := orgs.Lists(ctx, by.CommitteeID)
	if err != nil {
		return nil, err
	}
	if db.Cipher == nil {
		return nil, errs.E(errs.Internal, "未配置加密密钥")
	}
	k := &known{index: db.Cipher.Index}
	err = db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		k.owners, err = tx.MobileOwners(ctx, by.CommitteeID)
		return err
	})
	if err != nil {
		return nil, err
	}
	res, err := roster.Parse(bytes.NewReader(data), int64(len(data)), roster.Lists{Parties: org.Names(lists.Parties),
		Sectors: org.Names(lists.Sectors), SpecialCommittees: org.Names(lists.SpecialCommittees)}, k,
		func(done, total int) { progress("检查", done, total) })
	if err != nil {
		return nil, err
	}
	out := &Outcome{Parsed: res, DryRun: dryRun}
	if len(res.Problems) > 0 {
		out.ErrorSheet, err = roster.WriteErrorSheet(data, res.Problems)
		return out, err
	}
	if dryRun {
		return out, nil
	}
	term, err := currentTerm(ctx, db, by.CommitteeID)
	if err != nil {
		return nil, err
	}
	rows := make([]member.Member, len(res.Rows))
	for i, r := range res.Rows {
		rows[i] = fromRow(r, lists, term)
	}
	out.Result, err = member.Import(ctx, sqldb.Imports(db), by, rows, func(done, total int) { progress("写入", done, total) })
	return out, err
}

// currentTerm returns the committee's latest term; members created by an
// import serve in it.
func currentTerm(ctx context.Context, db *sqldb.DB, cid int64) (org.Term, error) {
	var terms []org.Term
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		terms, err = tx.Terms(ctx, cid)
		return err
	})
	if err != nil {
		return org.Term{}, err
	}
	if len(terms) == 0 {
		return org.Term{}, errs.E(errs.Invalid, "本级政协尚未设置届次,请先在“组织设置”中添加当前届次")
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Number < terms[j].Number })
	return terms[len(terms)-1], nil
}

func idOf(items []org.Item, name string) int64 {
	for _, it := range items {
		if it.Name == name {
			return it.ID
		}
	}
	return 0
}

func fromRow(r roster.Row, lists org.Lists, term org.Term) member.Member {
	m := member.Member{Name: r.Name, Gender: r.Gender, Ethnicity: r.Ethnicity, BirthYear: r.BirthYear, BirthMonth: r.BirthMonth,
		BirthDay: r.BirthDay, Party: r.Party, SectorID: idOf(lists.Sectors, r.Sector), EmployerTitle: r.EmployerTitle,
		Mobile: r.Mobile, IDNumber: r.IDNumber, Standing: r.Standing}
	for _, sc := range r.SpecialCommittees {
		if id := idOf(lists.SpecialCommittees, sc); id != 0 {
			m.SpecialCommittees = append(m.SpecialCommittees, member.SpecialCommittee{ID: id, Position: member.Plain})
		}
	}
	start := term.StartsOn
	if start.IsZero() {
		start = time.Now().UTC()
	}
	m.Memberships = []member.Membership{{TermID: term.ID, Status: member.Serving, StartedOn: start}}
	return m
}
