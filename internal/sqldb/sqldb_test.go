package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/errs"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

func TestMigrateIsIdempotent(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		applied, err := db.Migrate(ctx)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second migrate applied %v, %v", applied, err)
		}
	})
}

func TestMigrationsMatchAcrossDialects(t *testing.T) {
	a, err := sqldb.Migrations(sqldb.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqldb.Migrations(sqldb.Postgres)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d sqlite migrations, %d postgres", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name {
			t.Errorf("migration %d: %s vs %s", i+1, a[i].Name, b[i].Name)
		}
	}
}

func newUser(committee int64, name, mobile string) account.User {
	now := time.Now()
	return account.User{CommitteeID: committee, Username: name, Name: name, Mobile: mobile, PasswordHash: "x",
		CreatedAt: now, UpdatedAt: now}
}

func TestErrorKinds(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			u := newUser(c, "alice", "13800000001")
			return tx.InsertUser(ctx, &u)
		})
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			fn   func(tx *sqldb.Tx) error
			kind errs.Kind
		}{
			{"duplicate username", func(tx *sqldb.Tx) error { u := newUser(c, "alice", ""); return tx.InsertUser(ctx, &u) }, errs.Conflict},
			{"duplicate mobile", func(tx *sqldb.Tx) error { u := newUser(c, "bob", "13800000001"); return tx.InsertUser(ctx, &u) }, errs.Conflict},
			{"missing committee", func(tx *sqldb.Tx) error { u := newUser(999, "carol", ""); return tx.InsertUser(ctx, &u) }, errs.Invalid},
			{"no such user", func(tx *sqldb.Tx) error { _, err := tx.UserByID(ctx, 999); return err }, errs.NotFound},
			{"no such session", func(tx *sqldb.Tx) error { _, err := tx.SessionByHash(ctx, "nope"); return err }, errs.NotFound},
			{"update missing user", func(tx *sqldb.Tx) error { return tx.UpdateUser(ctx, account.User{ID: 999}) }, errs.NotFound},
		}
		for _, tt := range tests {
			err := db.InTx(ctx, tt.fn)
			if got := errs.KindOf(err); got != tt.kind {
				t.Errorf("%s: kind %q (%v), want %q", tt.name, got, err, tt.kind)
			}
		}
		// Two users without a mobile do not collide on the unique index.
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			for _, n := range []string{"dan", "erin"} {
				u := newUser(c, n, "")
				if err := tx.InsertUser(ctx, &u); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Errorf("users without mobile: %v", err)
		}
	})
}

func TestTimesRoundTripInUTC(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		shanghai := time.FixedZone("CST", 8*3600)
		locked := time.Date(2026, 3, 1, 9, 30, 0, 123456789, shanghai)
		var id int64
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			u := newUser(c, "alice", "")
			u.LockedUntil = locked
			err := tx.InsertUser(ctx, &u)
			id = u.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			u, err := tx.UserByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !u.LockedUntil.Equal(locked.Truncate(time.Microsecond)) || u.LockedUntil.Location() != time.UTC {
				t.Errorf("locked_until = %v, want %v in UTC", u.LockedUntil, locked)
			}
			return nil
		})
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		boom := errors.New("boom")
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			u := newUser(c, "alice", "")
			if err := tx.InsertUser(ctx, &u); err != nil {
				return err
			}
			if err := tx.Audit(ctx, audit.Entry{Action: "user.create"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.UserByLogin(ctx, "alice"); !errs.Is(err, errs.NotFound) {
				t.Errorf("user survived rollback: %v", err)
			}
			entries, _ := tx.AuditEntries(ctx, audit.Filter{})
			if len(entries) != 0 {
				t.Errorf("audit entry survived rollback: %d", len(entries))
			}
			return nil
		})
	})
}

// TestAuditChainUnderConcurrency appends from many goroutines and checks the
// chain has no gap or fork.
func TestAuditChainUnderConcurrency(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		var wg sync.WaitGroup
		const workers, each = 8, 10
		errc := make(chan error, workers*each)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					errc <- db.InTx(ctx, func(tx *sqldb.Tx) error {
						return tx.Audit(ctx, audit.Entry{ActorName: fmt.Sprintf("w%d", w), Action: "test", ObjectID: fmt.Sprint(i),
							Changes: map[string]audit.Change{"password": {New: "secret"}}})
					})
				}
			}()
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatal(err)
			}
		}
		v, err := db.VerifyAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v.Count != workers*each || len(v.Problems) != 0 {
			t.Fatalf("count %d, problems %v", v.Count, v.Problems)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, _ := tx.AuditEntries(ctx, audit.Filter{Limit: 1})
			if es[0].ChangesJSON != `{"password":{"new":"[已隐藏]"}}` {
				t.Errorf("sensitive value stored: %s", es[0].ChangesJSON)
			}
			return nil
		})
	})
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		for i := range 5 {
			if err := db.InTx(ctx, func(tx *sqldb.Tx) error {
				return tx.Audit(ctx, audit.Entry{ActorName: "a", Action: "test", ObjectID: fmt.Sprint(i)})
			}); err != nil {
				t.Fatal(err)
			}
		}
		tamper := []struct {
			sql  string
			seq  int64
			desc string
		}{
			{"UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 2", 2, "altered"},
			{"DELETE FROM audit_log WHERE seq = 4", 5, "deleted"},
		}
		for _, tc := range tamper {
			if _, err := db.W.Exec(tc.sql); err != nil {
				t.Fatal(err)
			}
			v, err := db.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range v.Problems {
				found = found || p.Seq == tc.seq
			}
			if !found {
				t.Errorf("%s entry not named: %v", tc.desc, v.Problems)
			}
		}
	})
}

func TestAuditFilter(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		rows := []audit.Entry{
			{ActorName: "张三", Action: "login.ok", CommitteeID: 1, ObjectType: "user"},
			{ActorName: "李四", Action: "login.failed", CommitteeID: 1, ObjectType: "user"},
			{ActorName: "王五", Action: "user.create", CommitteeID: 2, ObjectType: "user"},
			{ActorName: "unknown", Action: "login.failed", CommitteeID: 0, ObjectType: "user"},
		}
		for _, e := range rows {
			if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.Audit(ctx, e) }); err != nil {
				t.Fatal(err)
			}
		}
		tests := []struct {
			f    audit.Filter
			want []int64
		}{
			{audit.Filter{}, []int64{4, 3, 2, 1}},
			{audit.Filter{CommitteeID: 1}, []int64{4, 2, 1}},
			{audit.Filter{CommitteeID: 1, Action: "login."}, []int64{4, 2, 1}},
			{audit.Filter{CommitteeID: 1, Action: "login.failed"}, []int64{4, 2}},
			{audit.Filter{ActorName: "李"}, []int64{2}},
			{audit.Filter{BeforeSeq: 3}, []int64{2, 1}},
			{audit.Filter{Limit: 1}, []int64{4}},
			{audit.Filter{ActorName: "%"}, nil},
			{audit.Filter{To: time.Now().Add(-time.Hour)}, nil},
		}
		for _, tt := range tests {
			var got []int64
			db.View(ctx, func(tx *sqldb.Tx) error {
				es, err := tx.AuditEntries(ctx, tt.f)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range es {
					got = append(got, e.Seq)
				}
				return nil
			})
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("filter %+v: got %v, want %v", tt.f, got, tt.want)
			}
		}
	})
}

func TestBackup(t *testing.T) {
	db := sqldbtest.SQLite(t)
	sqldbtest.Committee(t, db, "测试政协")
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := db.Backup(ctx, out); err != nil {
		t.Fatal(err)
	}
	cp, err := sqldb.Open(ctx, "sqlite:"+out)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	cp.View(ctx, func(tx *sqldb.Tx) error {
		if _, err := tx.CommitteeByName(ctx, "测试政协"); err != nil {
			t.Errorf("backup lacks data: %v", err)
		}
		return nil
	})
	if err := db.Backup(ctx, out); !errs.Is(err, errs.Conflict) {
		t.Errorf("overwrite: %v", err)
	}
	pg := sqldbtest.Postgres(t)
	if err := pg.Backup(ctx, out+"2"); !errs.Is(err, errs.Invalid) {
		t.Errorf("postgres backup: %v", err)
	}
}

func TestSessionUserCarriesOrderedRoles(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		now := time.Now()
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			u := newUser(c, "alice", "13800000001")
			if err := tx.InsertUser(ctx, &u); err != nil {
				return err
			}
			if err := tx.SetUserRoles(ctx, u.ID, c, []authz.Role{authz.Leader, authz.Member, authz.Convener}); err != nil {
				return err
			}
			return tx.InsertSession(ctx, account.Session{Hash: "h1", UserID: u.ID, Stage: account.StageOK, CreatedAt: now, LastSeen: now})
		})
		if err != nil {
			t.Fatal(err)
		}
		db.Peek(ctx, func(tx *sqldb.Tx) error {
			s, u, err := tx.SessionUser(ctx, "h1")
			if err != nil {
				t.Fatal(err)
			}
			if s.Stage != account.StageOK || u.Username != "alice" || u.Mobile != "13800000001" ||
				fmt.Sprint(u.Roles) != "[leader member convener]" {
				t.Errorf("session %+v user %+v", s, u)
			}
			if _, _, err := tx.SessionUser(ctx, "nope"); !errs.Is(err, errs.NotFound) {
				t.Errorf("missing session: %v", err)
			}
			// The committee's cache counters come with the session.
			dv, _ := tx.DirectoryVersion(ctx, c)
			pv, _ := tx.ProposalsVersion(ctx, c)
			if s.Versions.Directory != dv || s.Versions.Proposals != pv || dv == 0 || pv == 0 {
				t.Errorf("versions %+v, want directory %d proposals %d", s.Versions, dv, pv)
			}
			return nil
		})
	})
}

func TestTOTPSecretsAreSealed(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
		if err != nil {
			t.Fatal(err)
		}
		db.Cipher = c
		cid := sqldbtest.Committee(t, db, "测试政协")
		var id int64
		err = db.InTx(ctx, func(tx *sqldb.Tx) error {
			u := newUser(cid, "alice", "")
			u.TOTPSecret, u.TOTPPending = "JBSWY3DPEHPK3PXP", "KRSXG5CTMVRXEZLU"
			err := tx.InsertUser(ctx, &u)
			id = u.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var raw string
		db.R.QueryRow("SELECT totp_secret FROM users WHERE username = 'alice'").Scan(&raw)
		if !crypt.IsSealed(raw) || strings.Contains(raw, "JBSWY3DP") {
			t.Errorf("stored secret %q", raw)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			u, err := tx.UserByID(ctx, id)
			if err != nil || u.TOTPSecret != "JBSWY3DPEHPK3PXP" || u.TOTPPending != "KRSXG5CTMVRXEZLU" {
				t.Errorf("read back %+v %v", u, err)
			}
			return nil
		})
	})
}
