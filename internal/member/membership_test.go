package member_test

import (
	"strings"
	"testing"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func TestSetMembership(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		orgs := org.NewService(sqldb.Org(db))
		term, err := orgs.AddTerm(ctx, f.office, org.Term{Number: 11, StartsOn: day(2023, 1, 10)})
		if err != nil {
			t.Fatal(err)
		}
		other := sqldbtest.Committee(t, db, "示范区政协")
		elsewhere, _ := orgs.AddTerm(ctx, authz.SystemActor(other), org.Term{Number: 3, StartsOn: day(2023, 1, 10)})
		m, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		stay, _ := f.svc.Create(ctx, f.office, f.sample("李秀兰", false))
		zero := time.Time{}
		tests := []struct {
			name           string
			by             authz.Actor
			term           int64
			status         member.Status
			started, ended time.Time
			version        int
			field          string
			kind           errs.Kind
		}{
			{"unknown status", f.office, term.ID, "left", zero, zero, 1, "status", ""},
			{"resigned without end", f.office, term.ID, member.Resigned, zero, zero, 1, "ended_on", ""},
			{"revoked without end", f.office, term.ID, member.Revoked, day(2023, 1, 10), zero, 1, "ended_on", ""},
			{"end before start", f.office, term.ID, member.Resigned, day(2024, 1, 10), day(2024, 1, 9), 1, "ended_on", ""},
			{"end before the term's start", f.office, term.ID, member.Resigned, zero, day(2022, 1, 9), 1, "ended_on", ""},
			{"serving with end", f.office, term.ID, member.Serving, day(2023, 1, 10), day(2024, 1, 9), 1, "ended_on", ""},
			{"member refused", f.plain, term.ID, member.Serving, zero, zero, 1, "", errs.Forbidden},
			{"other committee's term", f.office, elsewhere.ID, member.Serving, zero, zero, 1, "", errs.NotFound},
			{"stale version", f.office, term.ID, member.Serving, zero, zero, 7, "", errs.Conflict},
			{"serving, start defaults to the term's", f.office, term.ID, member.Serving, zero, zero, 1, "", ""},
			{"resigned", f.office, term.ID, member.Resigned, day(2023, 1, 10), day(2024, 6, 30), 2, "", ""},
		}
		for _, tt := range tests {
			err := f.svc.SetMembership(ctx, tt.by, m.ID, tt.term, tt.status, tt.started, tt.ended, tt.version)
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
			case err != nil:
				t.Errorf("%s: %v", tt.name, err)
			}
		}
		got, err := f.svc.Get(ctx, f.office, m.ID, false)
		if err != nil || got.Version != 3 || len(got.Memberships) != 1 || got.Memberships[0].Status != member.Resigned ||
			!got.Memberships[0].EndedOn.Equal(day(2024, 6, 30)) || got.Memberships[0].TermName != "第十一届" {
			t.Fatalf("after: %+v %v", got, err)
		}
		if err := f.svc.SetMembership(ctx, f.office, stay.ID, term.ID, member.Serving, zero, zero, stay.Version); err != nil {
			t.Fatal(err)
		}
		names := func(st member.Status) string {
			list, err := f.svc.List(ctx, f.office, member.Filter{Status: st})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range list {
				out = append(out, m.Name)
			}
			return strings.Join(out, ",")
		}
		if got := names(member.Resigned); got != "张宏伟" {
			t.Errorf("resigned: %s", got)
		}
		if got := names(member.Serving); got != "李秀兰" {
			t.Errorf("serving: %s", got)
		}
		if got := names(member.Revoked); got != "" {
			t.Errorf("revoked: %s", got)
		}
		if _, err := f.svc.List(ctx, f.office, member.Filter{Status: "gone"}); len(errs.FieldsOf(err)) == 0 {
			t.Errorf("unknown status filter: %v", err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, err := tx.AuditEntries(ctx, audit.Filter{Action: "member.membership", Limit: 10})
			if err != nil || len(es) != 3 || !strings.Contains(string(es[1].ChangesJSON), `"status":{"old":"serving","new":"resigned"}`) {
				for _, e := range es {
					t.Logf("%s", e.ChangesJSON)
				}
				t.Errorf("audit: %d %v", len(es), err)
			}
			return nil
		})
	})
}
