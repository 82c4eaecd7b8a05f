package job_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"testing"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/job"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

func TestRunner(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		cid := sqldbtest.Committee(t, db, "示范市政协")
		accounts := account.NewService(sqldb.Accounts(db), account.Config{})
		u, _, err := accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: "office1", Name: "甲", Roles: []authz.Role{authz.Office}})
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := accounts.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: "office2", Name: "乙", Roles: []authz.Role{authz.Office}})
		by := u.Actor("")
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		r, err := job.NewRunner(ctx, sqldb.Jobs(db), log)
		if err != nil {
			t.Fatal(err)
		}
		ok, err := r.Start(ctx, by, "test", func(ctx context.Context, p job.Progress) (any, error) {
			for i := 1; i <= 3; i++ {
				p("写入", i, 3)
			}
			return map[string]int{"rows": 3}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		bad, _ := r.Start(ctx, by, "test", func(context.Context, job.Progress) (any, error) {
			return nil, errs.E(errs.Invalid, "表格有误")
		})
		r.Wait()
		j, err := r.Get(ctx, by, ok)
		var res map[string]int
		json.Unmarshal(j.Result, &res)
		if err != nil || j.State != job.Done || j.Done != 3 || j.Total != 3 || res["rows"] != 3 {
			t.Fatalf("done job: %+v %v", j, err)
		}
		j, _ = r.Get(ctx, by, bad)
		if j.State != job.Failed || j.Message != "表格有误" {
			t.Fatalf("failed job: %+v", j)
		}
		if _, err := r.Get(ctx, other.Actor(""), ok); !errs.Is(err, errs.NotFound) {
			t.Errorf("another user saw the job: %v", err)
		}
		// A job left running by a stopped process is failed at the next start.
		stuck := job.Job{CommitteeID: cid, Kind: "test", State: job.Running, CreatedBy: u.ID}
		if err := sqldb.Jobs(db).InsertJob(ctx, &stuck); err != nil {
			t.Fatal(err)
		}
		if _, err := job.NewRunner(ctx, sqldb.Jobs(db), log); err != nil {
			t.Fatal(err)
		}
		j, _ = r.Get(ctx, by, stuck.ID)
		if j.State != job.Failed || j.Message == "" {
			t.Errorf("stuck job after restart: %+v", j)
		}
	})
}
