package org_test

import (
	"context"
	"strings"
	"testing"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/errs"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

func TestRenameItem(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		cid := sqldbtest.Committee(t, db, "示范市政协")
		other := sqldbtest.Committee(t, db, "示范区政协")
		svc := org.NewService(sqldb.Org(db))
		op := authz.SystemActor(cid)
		a, err := svc.AddItem(ctx, op, org.Sectors, "医卫")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := svc.AddItem(ctx, op, org.Sectors, "教育")
		if err := svc.RenameItem(ctx, op, org.Sectors, b.ID, " 医卫 "); errs.FieldsOf(err) == nil {
			t.Errorf("duplicate name: %v", err)
		}
		if err := svc.RenameItem(ctx, op, org.Sectors, b.ID, ""); errs.FieldsOf(err) == nil {
			t.Errorf("empty name: %v", err)
		}
		if err := svc.RenameItem(ctx, authz.SystemActor(other), org.Sectors, a.ID, "x"); !errs.Is(err, errs.NotFound) {
			t.Errorf("other committee's item: %v", err)
		}
		if err := svc.RenameItem(ctx, op, "nonsense", a.ID, "x"); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown kind: %v", err)
		}
		member := authz.Actor{UserID: 1, CommitteeID: cid, Roles: []authz.Role{authz.Member}}
		if err := svc.RenameItem(ctx, member, org.Sectors, a.ID, "x"); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member renamed: %v", err)
		}
		if err := svc.RenameItem(ctx, op, org.Sectors, b.ID, "教育界"); err != nil {
			t.Fatal(err)
		}
		items, _ := svc.Items(ctx, op, org.Sectors)
		if len(items) != 2 || items[1].Name != "教育界" || items[0].Name != "医卫" {
			t.Errorf("items: %+v", items)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, err := tx.AuditEntries(ctx, audit.Filter{Action: "sector.rename", Limit: 10})
			if err != nil || len(es) != 1 || !strings.Contains(string(es[0].ChangesJSON), `"old":"教育","new":"教育界"`) {
				t.Errorf("audit: %+v %v", es, err)
			}
			return nil
		})
	})
}
