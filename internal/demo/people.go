package demo

import (
	"context"
	"fmt"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/demodata"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
)

// PeopleSeed is the seed of the demo people; the same seed gives the same
// demo.
const PeopleSeed = 20261130

// seedPeople fills committee cid with d's lists, units, a current term and
// members, unless it already has members. It returns the member ids in d's
// order.
func seedPeople(ctx context.Context, db *sqldb.DB, cid int64, d demodata.Data) ([]int64, error) {
	var n int
	if err := db.View(ctx, func(tx *sqldb.Tx) error { var e error; n, e = tx.CountMembers(ctx, cid); return e }); err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, nil
	}
	op := authz.SystemActor(cid)
	orgs := org.NewService(sqldb.Org(db))
	members := member.NewService(sqldb.Members(db))
	sectors := map[string]int64{}
	specials := map[string]int64{}
	for _, p := range d.Parties {
		if _, err := orgs.AddItem(ctx, op, org.Parties, p); err != nil {
			return nil, err
		}
	}
	for _, s := range d.Sectors {
		it, err := orgs.AddItem(ctx, op, org.Sectors, s.Name)
		if err != nil {
			return nil, err
		}
		sectors[s.Name] = it.ID
	}
	for _, s := range d.SpecialCommittees {
		it, err := orgs.AddItem(ctx, op, org.SpecialCommittees, s.Name)
		if err != nil {
			return nil, err
		}
		specials[s.Name] = it.ID
	}
	for _, u := range d.HandlingUnits {
		if _, err := orgs.AddUnit(ctx, op, org.Unit{Kind: org.Handling, Category: u.Kind, Name: u.Name}); err != nil {
			return nil, err
		}
	}
	for _, u := range d.ParticipatingUnits {
		if _, err := orgs.AddUnit(ctx, op, org.Unit{Kind: org.Participating, Category: u.Kind, Name: u.Name}); err != nil {
			return nil, err
		}
	}
	start := time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC)
	term, err := orgs.AddTerm(ctx, op, org.Term{Number: 11, StartsOn: start, EndsOn: start.AddDate(5, 0, 0)})
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(d.Members))
	for i, dm := range d.Members {
		m := member.Member{Name: dm.Name, Gender: dm.Gender, Ethnicity: dm.Ethnicity, BirthYear: dm.BirthYear,
			BirthMonth: dm.BirthMonth, BirthDay: dm.BirthDay, Party: dm.Party, SectorID: sectors[dm.Sector],
			EmployerTitle: dm.EmployerTitle, Mobile: dm.Mobile, IDNumber: dm.IDNumber, Standing: dm.Standing, Titles: dm.Titles,
			Memberships: []member.Membership{{TermID: term.ID, Status: member.Serving, StartedOn: start}}}
		for _, name := range dm.SpecialCommittees {
			pos := member.Plain
			for _, s := range d.SpecialCommittees {
				if s.Name != name {
					continue
				}
				if s.Head == i {
					pos = member.Head
				}
				for _, dep := range s.Deputies {
					if dep == i {
						pos = member.Deputy
					}
				}
			}
			m.SpecialCommittees = append(m.SpecialCommittees, member.SpecialCommittee{ID: specials[name], Position: pos})
		}
		created, err := members.Create(ctx, op, m)
		if err != nil {
			return nil, fmt.Errorf("demo member %s: %w", dm.Name, err)
		}
		ids[i] = created.ID
	}
	err = db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, s := range d.Sectors {
			var conv []int64
			for _, c := range s.Conveners {
				conv = append(conv, ids[c])
			}
			if err := tx.SetConveners(ctx, sectors[s.Name], conv); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}
