package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/errs"
	"xieshang/internal/notify"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// Concurrent write transactions commit together, yet each keeps its own
// outcome: the failing ones (an error after writing a user and an audit
// entry, a panic, a unique-key violation that PostgreSQL answers by
// aborting the transaction) leave nothing behind, the others everything,
// and the audit chain stays whole.
func TestGroupCommitKeepsEachTransactionsOutcome(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		const n = 60
		boom := errors.New("boom")
		var wg sync.WaitGroup
		results := make([]error, n)
		panics := make([]any, n)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				defer func() { panics[i] = recover() }()
				results[i] = db.InTx(ctx, func(tx *sqldb.Tx) error {
					u := newUser(c, fmt.Sprintf("user%02d", i), "")
					if i%10 == 7 { // the same username as user00's: a unique violation
						u = newUser(c, "user00", "")
					}
					if err := tx.InsertUser(ctx, &u); err != nil {
						return err
					}
					if err := tx.Audit(ctx, audit.Entry{Action: "user.create", ObjectID: u.Username}); err != nil {
						return err
					}
					// Unkeyed: it waits for the batch's commit (flushNotes).
					if _, err := tx.InsertNotifications(ctx, notify.Notification{CommitteeID: c, Kind: "test", Title: "欢迎",
						Body: u.Username, Link: "/"}, []int64{u.ID}, ""); err != nil {
						return err
					}
					time.Sleep(time.Millisecond) // let others queue behind
					switch i % 10 {
					case 3:
						return boom
					case 5:
						panic("five")
					}
					return nil
				})
			})
		}
		// user00 first, so that every i%10 == 7 collides with a stored name.
		if err := db.InTx(ctx, func(tx *sqldb.Tx) error { u := newUser(c, "user00", ""); return tx.InsertUser(ctx, &u) }); err != nil {
			t.Fatal(err)
		}
		close(start)
		wg.Wait()
		want := map[string]bool{}
		for i := range n {
			switch {
			case i == 0:
				if !errs.Is(results[i], errs.Conflict) {
					t.Errorf("user%02d (exists): %v", i, results[i])
				}
				continue
			}
			switch i % 10 {
			case 3:
				if !errors.Is(results[i], boom) {
					t.Errorf("user%02d: %v, want boom", i, results[i])
				}
			case 5:
				if panics[i] != "five" {
					t.Errorf("user%02d: panic %v, want five", i, panics[i])
				}
			case 7:
				if !errs.Is(results[i], errs.Conflict) {
					t.Errorf("user%02d (duplicate): %v", i, results[i])
				}
			default:
				if results[i] != nil {
					t.Errorf("user%02d: %v", i, results[i])
				}
				want[fmt.Sprintf("user%02d", i)] = true
			}
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			for i := range n {
				name := fmt.Sprintf("user%02d", i)
				_, err := tx.UserByLogin(ctx, name)
				if got := err == nil; got != (want[name] || i == 0) {
					t.Errorf("%s stored = %v, want %v", name, got, want[name])
				}
			}
			es, _ := tx.AuditEntries(ctx, audit.Filter{Limit: 200})
			if len(es) != len(want) {
				t.Errorf("%d audit entries, want %d", len(es), len(want))
			}
			got := 0
			for name := range want {
				u, err := tx.UserByLogin(ctx, name)
				if err != nil {
					continue
				}
				ns, err := tx.Notifications(ctx, u.ID, false, 0, 10)
				if err != nil || len(ns) != 1 || ns[0].Body != name {
					t.Errorf("%s's notifications: %+v %v", name, ns, err)
				}
				got += len(ns)
			}
			var all int
			if err := db.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications").Scan(&all); err != nil || all != got {
				t.Errorf("%d notifications stored, %d of them to the users that remain (%v)", all, got, err)
			}
			return nil
		})
		v, err := db.VerifyAudit(ctx)
		if err != nil || len(v.Problems) != 0 || v.Count != int64(len(want)) {
			t.Fatalf("verify: %v %+v", err, v)
		}
		txs, commits := db.GroupStats()
		if commits >= txs {
			t.Errorf("%d transactions in %d commits: none grouped", txs, commits)
		}
		t.Logf("%d transactions in %d commits", txs, commits)
	})
}

// A caller whose context ends while its transaction runs does not break
// the transaction it shares; one whose context has ended before its turn
// is refused without running.
func TestGroupCommitAndCancelledContexts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		cctx, cancel := context.WithCancel(ctx)
		err := db.InTx(cctx, func(tx *sqldb.Tx) error {
			cancel()
			u := newUser(c, "late", "")
			return tx.InsertUser(cctx, &u)
		})
		if err != nil {
			t.Fatalf("statements after the caller's cancel: %v", err)
		}
		ran := false
		if err := db.InTx(cctx, func(tx *sqldb.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
			t.Fatalf("cancelled before its turn: %v, ran %v", err, ran)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			if _, err := tx.UserByLogin(ctx, "late"); err != nil {
				t.Error(err)
			}
			return nil
		})
	})
}

// The proposal rules are read once per batch (ProposalConfig caches them
// for the batch's transactions): a change in the batch is seen by the
// reads after it, a change rolled back to its savepoint by none, and a
// caller changing the copy it got changes nobody else's.
func TestBatchConfigCache(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		c := sqldbtest.Committee(t, db, "测试政协")
		def := proposal.DefaultConfig()
		err := db.InTx(ctx, func(tx *sqldb.Tx) error {
			cfg, err := tx.ProposalConfig(ctx, c)
			if err != nil {
				return err
			}
			cfg.Categories[0] = "改过"
			if again, _ := tx.ProposalConfig(ctx, c); again.Categories[0] != def.Categories[0] {
				t.Errorf("a caller's change reached the cache: %v", again.Categories)
			}
			cfg.TitleMax = 30
			if err := tx.SetProposalConfig(ctx, c, cfg); err != nil {
				return err
			}
			if got, _ := tx.ProposalConfig(ctx, c); got.TitleMax != 30 || got.Categories[0] != "改过" {
				t.Errorf("after a change in the same transaction: %+v", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		// A holds a batch open while B changes the rules, reads them back
		// and fails (its savepoint rolled back) and C reads them: C sees
		// the stored rules.
		hold := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			db.InTx(ctx, func(tx *sqldb.Tx) error {
				tx.ProposalConfig(ctx, c)
				<-hold
				return nil
			})
		})
		time.Sleep(20 * time.Millisecond) // A has its turn
		wg.Go(func() {
			err := db.InTx(ctx, func(tx *sqldb.Tx) error {
				cfg, _ := tx.ProposalConfig(ctx, c)
				cfg.TitleMax = 40
				if err := tx.SetProposalConfig(ctx, c, cfg); err != nil {
					return err
				}
				if got, _ := tx.ProposalConfig(ctx, c); got.TitleMax != 40 { // read back: cached for the batch
					t.Errorf("B reads %d after its change", got.TitleMax)
				}
				return errors.New("refused")
			})
			if err == nil {
				t.Error("B committed")
			}
		})
		time.Sleep(20 * time.Millisecond) // B is queued behind A
		wg.Go(func() {
			db.InTx(ctx, func(tx *sqldb.Tx) error {
				if got, err := tx.ProposalConfig(ctx, c); err != nil || got.TitleMax != 30 {
					t.Errorf("C read %d (%v), want the stored 30", got.TitleMax, err)
				}
				return nil
			})
		})
		time.Sleep(20 * time.Millisecond)
		close(hold)
		wg.Wait()
	})
}
