package member_test

import (
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

// The directory caches pages under the committee's directory version, so
// every change that a directory page shows must increment it, committed
// with the change, and nothing else (reads, other committees) may.
func TestDirectoryVersionFollowsEveryChange(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		orgs := org.NewService(sqldb.Org(db))
		other := authz.SystemActor(sqldbtest.Committee(t, db, "另一市政协"))
		version := func(by authz.Actor) int64 {
			v, err := f.svc.DirectoryVersion(ctx, by)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		m, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		var term org.Term
		changes := []struct {
			name   string
			change func() error
		}{
			{"create member", func() error { _, err := f.svc.Create(ctx, f.office, f.sample("李红", false)); return err }},
			{"edit member", func() error {
				m.Name = "张宏炜"
				var err error
				m, err = f.svc.Update(ctx, f.office, m)
				return err
			}},
			{"edit contact", func() error {
				err := f.svc.UpdateContact(ctx, f.office, m.ID, m.Version, "13900001111", "")
				m, _ = f.svc.Get(ctx, f.office, m.ID, false)
				return err
			}},
			{"special committees", func() error {
				m, _ = f.svc.Get(ctx, f.office, m.ID, true)
				m.SpecialCommittees = []member.SpecialCommittee{{ID: f.special.ID, Position: member.Deputy}}
				var err error
				m, err = f.svc.Update(ctx, f.office, m)
				return err
			}},
			{"add sector", func() error { _, err := orgs.AddItem(ctx, f.office, org.Sectors, "经济"); return err }},
			{"rename party", func() error {
				p, err := orgs.AddItem(ctx, f.office, org.Parties, "民建")
				if err != nil {
					return err
				}
				return orgs.RenameItem(ctx, f.office, org.Parties, p.ID, "中国民主建国会")
			}},
			{"rename special committee", func() error {
				return orgs.RenameItem(ctx, f.office, org.SpecialCommittees, f.special.ID, "提案和委员工作委员会")
			}},
			{"add term", func() error {
				var err error
				term, err = orgs.AddTerm(ctx, f.office, org.Term{Number: 11, StartsOn: time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC)})
				return err
			}},
			{"membership", func() error {
				m, _ = f.svc.Get(ctx, f.office, m.ID, false)
				return f.svc.SetMembership(ctx, f.office, m.ID, term.ID, member.Resigned, time.Date(2023, 1, 10, 0, 0, 0, 0, time.UTC),
					time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), m.Version)
			}},
			{"conveners", func() error { return f.svc.SetConveners(ctx, f.office, f.sector.ID, []int64{m.ID}) }},
		}
		for _, c := range changes {
			before, elsewhere := version(f.office), version(other)
			if err := c.change(); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if after := version(f.office); after <= before {
				t.Errorf("%s: directory version %d → %d, want an increase", c.name, before, after)
			}
			if v := version(other); v != elsewhere {
				t.Errorf("%s: another committee's version moved %d → %d", c.name, elsewhere, v)
			}
		}
		before := version(f.office)
		if _, err := f.svc.List(ctx, f.office, member.Filter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Get(ctx, f.office, m.ID, true); err != nil {
			t.Fatal(err)
		}
		// A refused change is rolled back with its increment.
		bad := f.sample("", true)
		if _, err := f.svc.Create(ctx, f.office, bad); err == nil {
			t.Fatal("nameless member created")
		}
		stale := m
		stale.Version--
		if _, err := f.svc.Update(ctx, f.office, stale); err == nil {
			t.Fatal("stale update accepted")
		}
		if v := version(f.office); v != before {
			t.Errorf("reads and refused changes moved the version %d → %d", before, v)
		}
		if _, err := f.svc.DirectoryVersion(ctx, authz.Actor{UserID: 1, CommitteeID: f.cid}); err == nil {
			t.Error("an actor without roles read the directory version")
		}
	})
}
