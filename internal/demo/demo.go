// Package demo fills a database with a fictional committee for trying the
// product: 示范市政协, its district committees, and an account for each
// role. Passwords are generated at run time, never stored in the code.
package demo

import (
	"context"
	"fmt"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/demodata"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
)

// CityName is the demo city committee. It is fictional.
const CityName = "示范市政协"

// Districts are the demo district committees.
var Districts = demodata.DistrictNames

// Account is a demo login to print.
type Account struct {
	Username string
	Name     string
	Role     authz.Role
	Password string // "" when the user has already set their own
}

var accounts = []struct {
	username, name string
	role           authz.Role
}{
	{"weiyuan", "王建国", authz.Member},
	{"zhaojiren", "李秀兰", authz.Convener},
	{"bangongshi", "张明华", authz.Office},
	{"tiban", "刘志强", authz.ProposalOffice},
	{"xinxi", "陈晓燕", authz.InfoOffice},
	{"chengban", "杨海涛", authz.UnitLiaison},
	{"lingdao", "赵德明", authz.Leader},
	{"xitong", "孙立新", authz.SysAdmin},
	{"anquan", "周静", authz.SecAdmin},
	{"shenji", "吴文博", authz.AuditAdmin},
}

// Seed creates the demo committees and accounts if missing. Demo accounts
// that have not yet replaced their one-time password get a fresh one, so
// every start prints passwords that work.
func Seed(ctx context.Context, db *sqldb.DB, svc *account.Service) ([]Account, error) {
	var city sqldb.Committee
	err := db.InTx(ctx, func(tx *sqldb.Tx) error {
		var err error
		city, err = tx.CommitteeByName(ctx, CityName)
		if errs.Is(err, errs.NotFound) {
			city = sqldb.Committee{Name: CityName, Level: "city"}
			if err := tx.InsertCommittee(ctx, &city); err != nil {
				return err
			}
			for _, d := range Districts {
				if err := tx.InsertCommittee(ctx, &sqldb.Committee{Name: d, Level: "district", ParentID: city.ID}); err != nil {
					return err
				}
			}
			return nil
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("demo committees: %w", err)
	}
	data := demodata.Generate(PeopleSeed)
	ids, err := seedPeople(ctx, db, city.ID, data)
	if err != nil {
		return nil, err
	}
	for _, dd := range data.Districts {
		var d sqldb.Committee
		if err := db.View(ctx, func(tx *sqldb.Tx) error { var e error; d, e = tx.CommitteeByName(ctx, dd.Name); return e }); err != nil {
			return nil, fmt.Errorf("demo district %s: %w", dd.Name, err)
		}
		if _, err := seedPeople(ctx, db, d.ID, dd); err != nil {
			return nil, err
		}
	}
	op := authz.SystemActor(city.ID)
	var out []Account
	for _, a := range accounts {
		var existing account.User
		err := db.View(ctx, func(tx *sqldb.Tx) error {
			var err error
			existing, err = tx.UserByLogin(ctx, a.username)
			return err
		})
		acc := Account{Username: a.username, Name: a.name, Role: a.role}
		switch {
		case errs.Is(err, errs.NotFound):
			_, pw, err := svc.CreateUser(ctx, op, account.NewUser{CommitteeID: city.ID, Username: a.username, Name: a.name, Roles: []authz.Role{a.role}})
			if err != nil {
				return nil, fmt.Errorf("demo account %s: %w", a.username, err)
			}
			acc.Password = pw
			if err := linkMember(ctx, db, a.role, a.username, data, ids); err != nil {
				return nil, err
			}
		case err != nil:
			return nil, err
		case existing.MustChangePassword:
			if acc.Password, err = svc.ResetPassword(ctx, op, existing.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, acc)
	}
	if err := seedProposals(ctx, db, city.ID, data); err != nil {
		return nil, fmt.Errorf("demo proposals: %w", err)
	}
	return out, nil
}

// linkMember links the demo member and convener accounts to member records
// of the city: the member to an ordinary member, the convener to the first
// sector's convener.
func linkMember(ctx context.Context, db *sqldb.DB, role authz.Role, username string, d demodata.Data, ids []int64) error {
	if ids == nil || (role != authz.Member && role != authz.Convener) {
		return nil
	}
	idx := -1
	if role == authz.Convener && len(d.Sectors) > 0 && len(d.Sectors[0].Conveners) > 0 {
		idx = d.Sectors[0].Conveners[0]
	}
	for i, m := range d.Members {
		if idx >= 0 {
			break
		}
		if len(m.Titles) == 0 && !m.Standing {
			idx = i
		}
	}
	if idx < 0 {
		return nil
	}
	return db.InTx(ctx, func(tx *sqldb.Tx) error {
		u, err := tx.UserByLogin(ctx, username)
		if err != nil {
			return err
		}
		return tx.LinkMemberUser(ctx, ids[idx], u.ID)
	})
}
