package demo_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/crypt"
	"xieshang/internal/demo"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

func TestSeedIsIdempotentAndPasswordsWork(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
		if err != nil {
			t.Fatal(err)
		}
		db.Cipher = c
		svc := account.NewService(sqldb.Accounts(db), account.Config{})
		start := time.Now()
		first, err := demo.Seed(ctx, db, svc)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("first seed took %s", time.Since(start).Round(time.Millisecond))
		if len(first) != 10 {
			t.Fatalf("%d demo accounts", len(first))
		}
		seeded := checkProposals(t, db)
		// The member changes their password; the second seed leaves it alone
		// and gives everyone else a fresh one-time password.
		res, err := svc.Login(ctx, first[0].Username, first[0].Password, account.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.ChangePassword(ctx, res.User.Actor(""), res.Token, first[0].Password, "Own-Pass-123", "Own-Pass-123"); err != nil {
			t.Fatal(err)
		}
		second, err := demo.Seed(ctx, db, svc)
		if err != nil {
			t.Fatal(err)
		}
		if second[0].Password != "" {
			t.Errorf("changed password was reset")
		}
		for _, a := range second[1:] {
			if a.Password == "" {
				t.Fatalf("%s has no password", a.Username)
			}
			if _, err := svc.Login(ctx, a.Username, a.Password, account.Meta{}); err != nil {
				t.Errorf("%s cannot log in: %v", a.Username, err)
			}
		}
		var n int
		db.View(ctx, func(tx *sqldb.Tx) error {
			cs, _ := tx.Committees(ctx)
			n = len(cs)
			return nil
		})
		if n != 1+len(demo.Districts) {
			t.Errorf("%d committees after two seeds", n)
		}
		if again := countProposals(t, db); !maps.Equal(again, seeded) {
			t.Errorf("proposals after the second seed %v, after the first %v", again, seeded)
		}
		// The people are there once, and the demo member is linked to one.
		db.View(ctx, func(tx *sqldb.Tx) error {
			cs, _ := tx.Committees(ctx)
			for _, c := range cs {
				n, err := tx.CountMembers(ctx, c.ID)
				if err != nil || (c.Level == "city" && n != 400) || (c.Level == "district" && n != 150) {
					t.Errorf("%s has %d members: %v", c.Name, n, err)
				}
			}
			var linked int
			db.R.QueryRow("SELECT COUNT(*) FROM members WHERE user_id IS NOT NULL").Scan(&linked)
			// The demo member, the convener and 40 members who put proposals forward.
			if linked != 2+40 {
				t.Errorf("%d members linked to accounts", linked)
			}
			return nil
		})
	})
}
