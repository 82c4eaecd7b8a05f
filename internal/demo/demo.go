// Package demo fills a database with a fictional committee for trying the
// product: 示范市政协, its district committees, and an account for each
// role. Passwords are generated at run time, never stored in the code.
package demo

import (
	"context"
	"fmt"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
)

// CityName is the demo city committee. It is fictional.
const CityName = "示范市政协"

// Districts are the demo district committees.
var Districts = []string{"示范市东城区政协", "示范市西城区政协", "示范县政协"}

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
		case err != nil:
			return nil, err
		case existing.MustChangePassword:
			if acc.Password, err = svc.ResetPassword(ctx, op, existing.ID); err != nil {
				return nil, err
			}
		}
		out = append(out, acc)
	}
	return out, nil
}
