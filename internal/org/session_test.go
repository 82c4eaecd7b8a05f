package org_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestAddSession(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cid := sqldbtest.Committee(t, db, "示范市政协")
		other := sqldbtest.Committee(t, db, "示范区政协")
		svc := org.NewService(sqldb.Org(db))
		op := authz.SystemActor(cid)
		term, err := svc.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: date(2023, 1, 10), EndsOn: date(2028, 1, 9)})
		if err != nil {
			t.Fatal(err)
		}
		open, err := svc.AddTerm(ctx, op, org.Term{Number: 12, StartsOn: date(2028, 1, 10)})
		if err != nil {
			t.Fatal(err)
		}
		member := authz.Actor{UserID: 1, CommitteeID: cid, Roles: []authz.Role{authz.Member}}
		office := authz.Actor{UserID: 2, CommitteeID: cid, Roles: []authz.Role{authz.Office}}
		tests := []struct {
			name         string
			by           authz.Actor
			term, number int64
			starts, ends time.Time
			field        string    // a field error on this field, or
			kind         errs.Kind // an error of this kind, or success
		}{
			{"number zero", office, term.ID, 0, date(2024, 1, 10), date(2024, 1, 12), "number", ""},
			{"no start", office, term.ID, 1, time.Time{}, date(2024, 1, 12), "starts_on", ""},
			{"no end", office, term.ID, 1, date(2024, 1, 10), time.Time{}, "ends_on", ""},
			{"end before start", office, term.ID, 1, date(2024, 1, 12), date(2024, 1, 10), "ends_on", ""},
			{"before the term", office, term.ID, 1, date(2022, 12, 30), date(2023, 1, 12), "starts_on", ""},
			{"after the term", office, term.ID, 1, date(2028, 1, 5), date(2028, 1, 12), "ends_on", ""},
			{"member refused", member, term.ID, 1, date(2023, 1, 10), date(2023, 1, 14), "", errs.Forbidden},
			{"other committee's term", authz.SystemActor(other), term.ID, 1, date(2023, 1, 10), date(2023, 1, 14), "", errs.NotFound},
			{"unknown term", office, 9999, 1, date(2023, 1, 10), date(2023, 1, 14), "", errs.NotFound},
			{"first session", office, term.ID, 1, date(2023, 1, 10), date(2023, 1, 14), "", ""},
			{"one-day session", office, term.ID, 2, date(2024, 1, 10), date(2024, 1, 10), "", ""},
			{"duplicate number", office, term.ID, 2, date(2024, 2, 10), date(2024, 2, 12), "number", ""},
			{"open-ended term", office, open.ID, 1, date(2030, 1, 10), date(2030, 1, 14), "", ""},
		}
		for _, tt := range tests {
			s, err := svc.AddSession(ctx, tt.by, tt.term, int(tt.number), tt.starts, tt.ends)
			switch {
			case tt.field != "":
				fs := errs.FieldsOf(err)
				if len(fs) == 0 || fs[0].Field != tt.field {
					t.Errorf("%s: %v, want a field error on %s", tt.name, err, tt.field)
				}
			case tt.kind != "":
				if !errs.Is(err, tt.kind) {
					t.Errorf("%s: %v, want %s", tt.name, err, tt.kind)
				}
			case err != nil || s.ID == 0:
				t.Errorf("%s: %+v %v", tt.name, s, err)
			}
		}
		got, err := svc.Sessions(ctx, office, term.ID)
		if err != nil || len(got) != 2 || got[0].Name != "第十一届第一次会议" || got[1].Name != "第十一届第二次会议" ||
			!got[1].StartsOn.Equal(date(2024, 1, 10)) || !got[1].EndsOn.Equal(date(2024, 1, 10)) {
			t.Errorf("sessions: %+v %v", got, err)
		}
		if _, err := svc.Sessions(ctx, authz.Actor{UserID: 3, CommitteeID: other, Roles: []authz.Role{authz.Office}}, term.ID); !errs.Is(err, errs.NotFound) {
			t.Errorf("another committee reads the sessions: %v", err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, err := tx.AuditEntries(ctx, audit.Filter{Action: "session.create", Limit: 10})
			if err != nil || len(es) != 3 || !strings.Contains(string(es[0].ChangesJSON), "第十二届第一次会议") {
				t.Errorf("audit: %+v %v", es, err)
			}
			return nil
		})
	})
}

// liaisonMaker makes the liaison's account with the account package, as
// the handlers do.
func liaisonMaker(by authz.Actor, name, mobile string, pw *string) org.LiaisonMaker {
	return func(ctx context.Context, tx org.Tx, u org.Unit, username string) (int64, error) {
		usr, p, err := account.CreateLiaisonAccountTx(ctx, tx.(account.Tx), by, u.ID, username, name, mobile)
		*pw = p
		return usr.ID, err
	}
}

func TestAddLiaison(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cid := sqldbtest.Committee(t, db, "示范市政协")
		svc := org.NewService(sqldb.Org(db))
		accounts := account.NewService(sqldb.Accounts(db), account.Config{})
		op := authz.SystemActor(cid)
		office := authz.Actor{UserID: 2, CommitteeID: cid, Roles: []authz.Role{authz.Office}}
		member := authz.Actor{UserID: 1, CommitteeID: cid, Roles: []authz.Role{authz.Member}}
		bureau, _ := svc.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Name: "市教育局"})
		party, _ := svc.AddUnit(ctx, op, org.Unit{Kind: org.Participating, Name: "民盟市委"})
		count := func() int {
			var n int
			db.R.QueryRow("SELECT COUNT(*) FROM users").Scan(&n)
			return n
		}
		var pw string
		tests := []struct {
			name, mobile string
			by           authz.Actor
			unit         int64
			field        string
			kind         errs.Kind
		}{
			{"王联络", "", office, bureau.ID, "mobile", ""},
			{"", "13700000001", office, bureau.ID, "name", ""},
			{"王联络", "123", office, bureau.ID, "mobile", ""},
			{"王联络", "13700000001", member, bureau.ID, "", errs.Forbidden},
			{"王联络", "13700000001", office, party.ID, "", errs.NotFound},
			{"王联络", "13700000001", office, 9999, "", errs.NotFound},
		}
		for _, tt := range tests {
			_, err := svc.AddLiaison(ctx, tt.by, tt.unit, liaisonMaker(tt.by, tt.name, tt.mobile, &pw))
			if (tt.field != "" && (len(errs.FieldsOf(err)) == 0 || errs.FieldsOf(err)[0].Field != tt.field)) ||
				(tt.kind != "" && !errs.Is(err, tt.kind)) {
				t.Errorf("%s %s: %v", tt.name, tt.mobile, err)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("%d accounts written by refused requests", n)
		}
		l, err := svc.AddLiaison(ctx, office, bureau.ID, liaisonMaker(office, "王联络", "13700000001", &pw))
		want := org.LiaisonUsername(bureau.ID, 1)
		if err != nil || l.Username != want || pw == "" {
			t.Fatalf("first liaison: %+v %v", l, err)
		}
		if _, err := svc.AddLiaison(ctx, office, bureau.ID, liaisonMaker(office, "李联络", "13700000001", &pw)); len(errs.FieldsOf(err)) == 0 {
			t.Errorf("taken mobile: %v", err)
		}
		l2, err := svc.AddLiaison(ctx, office, bureau.ID, liaisonMaker(office, "李联络", "13700000002", &pw))
		if err != nil || l2.Username != org.LiaisonUsername(bureau.ID, 2) {
			t.Fatalf("second liaison: %+v %v", l2, err)
		}
		ls, err := svc.Liaisons(ctx, office, bureau.ID)
		if err != nil || len(ls) != 2 || ls[0].Name != "王联络" || ls[0].Username != want || ls[0].Mobile != "137****0001" {
			t.Errorf("liaisons: %+v %v", ls, err)
		}
		if _, err := svc.Liaisons(ctx, member, bureau.ID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member lists liaisons: %v", err)
		}
		res, err := accounts.Login(ctx, "13700000002", pw, account.Meta{})
		if err != nil || !slices.Contains(res.User.Roles, authz.UnitLiaison) || len(res.User.Roles) != 1 {
			t.Errorf("liaison login: %+v %v", res.User, err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, err := tx.AuditEntries(ctx, audit.Filter{Action: "unit.liaison_add", Limit: 10})
			if err != nil || len(es) != 2 {
				t.Errorf("audit: %+v %v", es, err)
			}
			return nil
		})
	})
}
