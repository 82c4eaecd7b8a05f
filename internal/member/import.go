package member

import (
	"context"
	"fmt"
	"strconv"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
)

// ImportResult counts what an import did.
type ImportResult struct {
	Created, Updated int
}

// ImportTx is what an import needs beyond Tx.
type ImportTx interface {
	Tx
	// MemberIDsByIDNumber returns the ids of the committee's members
	// holding any of these identity numbers, keyed by number.
	MemberIDsByIDNumber(ctx context.Context, committeeID int64, idNumbers []string) (map[string]int64, error)
}

// ImportStore is the storage an import needs.
type ImportStore interface {
	InTx(ctx context.Context, fn func(ImportTx) error) error
}

// Import writes a roster all or nothing: a row whose identity number
// belongs to an existing member of the actor's committee updates that
// member (keeping their memberships and account), any other row creates a
// member. Each change is audited, and one roster.import entry sums up.
// progress, if not nil, is called every 200 rows.
func Import(ctx context.Context, store ImportStore, by authz.Actor, rows []Member, progress func(done, total int)) (ImportResult, error) {
	if err := authz.Check(by, authz.ImportRoster, authz.Object{CommitteeID: by.CommitteeID}); err != nil {
		return ImportResult{}, err
	}
	for i := range rows {
		rows[i].CommitteeID = by.CommitteeID
		if err := rows[i].Validate(); err != nil {
			return ImportResult{}, errs.E(errs.Invalid, "第 %d 条:%s", i+1, errs.Message(err))
		}
	}
	var res ImportResult
	err := store.InTx(ctx, func(tx ImportTx) error {
		res = ImportResult{}
		numbers := make([]string, len(rows))
		for i := range rows {
			numbers[i] = rows[i].IDNumber
		}
		existing, err := tx.MemberIDsByIDNumber(ctx, by.CommitteeID, numbers)
		if err != nil {
			return err
		}
		for i := range rows {
			m := rows[i]
			id, found := existing[m.IDNumber]
			switch {
			case !found:
				if err := tx.InsertMember(ctx, &m); err != nil {
					return rowErr(i, duplicate(err))
				}
				if err := tx.Audit(ctx, entry(by, "member.create", m.ID, audit.Diff(nil, m.auditFields()))); err != nil {
					return err
				}
				res.Created++
			default:
				old, err := tx.MemberByID(ctx, id)
				if err != nil {
					return err
				}
				m.ID, m.Version, m.UserID, m.Memberships, m.Address = old.ID, old.Version, old.UserID, nil, old.Address
				if err := tx.UpdateMember(ctx, &m); err != nil {
					return rowErr(i, duplicate(err))
				}
				if d := audit.Diff(old.auditFields(), m.auditFields()); len(d) > 0 {
					if err := tx.Audit(ctx, entry(by, "member.update", m.ID, d)); err != nil {
						return err
					}
				}
				res.Updated++
			}
			if progress != nil && (i+1)%200 == 0 {
				progress(i+1, len(rows))
			}
		}
		return tx.Audit(ctx, audit.Entry{ActorID: by.UserID, ActorName: by.Name, Role: string(by.PrimaryRole()),
			CommitteeID: by.CommitteeID, Action: "roster.import", ObjectType: "committee", ObjectID: strconv.FormatInt(by.CommitteeID, 10),
			ClientAddr: by.Addr, Changes: map[string]audit.Change{"created": {New: res.Created}, "updated": {New: res.Updated}}})
	})
	if progress != nil && err == nil {
		progress(len(rows), len(rows))
	}
	return res, err
}

func rowErr(i int, err error) error {
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		return errs.E(errs.KindOf(err), "%s", fmt.Sprintf("第 %d 条:%s", i+1, errs.Message(err)))
	}
	return err
}
