package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/errs"
	"xieshang/internal/idcard"
	"xieshang/internal/importer"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

type fixture struct {
	db   *sqldb.DB
	orgs *org.Service
	by   authz.Actor
}

func setup(t testing.TB, db *sqldb.DB) *fixture {
	c, err := crypt.New(crypt.SM4GCM, crypt.GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	db.Cipher = c
	cid := sqldbtest.Committee(t, db, "示范市政协")
	by := authz.SystemActor(cid)
	orgs := org.NewService(sqldb.Org(db))
	for _, s := range []string{"医卫", "教育"} {
		if _, err := orgs.AddItem(ctx, by, org.Sectors, s); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{"中共", "民盟", "无党派"} {
		if _, err := orgs.AddItem(ctx, by, org.Parties, p); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := orgs.AddItem(ctx, by, org.SpecialCommittees, "提案委员会"); err != nil {
		t.Fatal(err)
	}
	if _, err := orgs.AddTerm(ctx, by, org.Term{Number: 11, StartsOn: time.Date(2022, 1, 10, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return &fixture{db: db, orgs: orgs, by: by}
}

// rows makes n valid roster rows.
func rows(n int) []roster.Row {
	out := make([]roster.Row, n)
	for i := range out {
		male := i%2 == 0
		g := "女"
		if male {
			g = "男"
		}
		birth := time.Date(1955+i%35, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
		out[i] = roster.Row{Name: fmt.Sprintf("委员%d", i), Gender: g, Ethnicity: "汉族", BirthYear: birth.Year(),
			BirthMonth: int(birth.Month()), BirthDay: birth.Day(), Party: "民盟", Sector: []string{"医卫", "教育"}[i%2],
			SpecialCommittees: []string{"提案委员会"}[:i%2], EmployerTitle: "示范市某单位职员",
			Mobile: fmt.Sprintf("139%08d", i), IDNumber: idcard.Make("649901", birth, male, i%500), Standing: i%9 == 0}
	}
	return out
}

func sheet(t testing.TB, rs []roster.Row) []byte {
	var buf bytes.Buffer
	if err := roster.Export(&buf, "示范市政协委员名单", slices.Values(rs), false); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func count(db *sqldb.DB, cid int64) int {
	var n int
	db.View(ctx, func(tx *sqldb.Tx) error { n, _ = tx.CountMembers(ctx, cid); return nil })
	return n
}

func TestImportAllOrNothingAndReimport(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := setup(t, db)
		good := sheet(t, rows(30))
		out, err := importer.Run(ctx, db, f.orgs, f.by, good, true, nil)
		if err != nil || !out.OK() || count(db, f.by.CommitteeID) != 0 {
			t.Fatalf("dry run: %+v %v", out, err)
		}
		out, err = importer.Run(ctx, db, f.orgs, f.by, good, false, nil)
		if err != nil || !out.OK() || out.Result.Created != 30 || count(db, f.by.CommitteeID) != 30 {
			t.Fatalf("import: %+v %v", out, err)
		}
		// The same file again updates instead of duplicating.
		out, err = importer.Run(ctx, db, f.orgs, f.by, good, false, nil)
		if err != nil || out.Result.Updated != 30 || out.Result.Created != 0 || count(db, f.by.CommitteeID) != 30 {
			t.Fatalf("re-import: %+v %v", out.Result, err)
		}
		// One bad row: nothing written, an error sheet comes back.
		bad := rows(40)
		bad[35].Sector = "医药卫生"
		bad[36].IDNumber = "123456"
		bad[37].Mobile = bad[1].Mobile
		var entries int
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, _ := tx.AuditEntries(ctx, audit.Filter{Limit: 200})
			entries = len(es)
			return nil
		})
		out, err = importer.Run(ctx, db, f.orgs, f.by, sheet(t, bad), false, nil)
		if err != nil || out.OK() || len(out.ErrorSheet) == 0 || count(db, f.by.CommitteeID) != 30 {
			t.Fatalf("bad sheet: %+v %v", out, err)
		}
		if len(out.Parsed.Problems) < 3 {
			t.Errorf("problems: %+v", out.Parsed.Problems)
		}
		var after int
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, _ := tx.AuditEntries(ctx, audit.Filter{Limit: 200})
			after = len(es)
			return nil
		})
		if after != entries {
			t.Errorf("a refused import wrote %d audit entries", after-entries)
		}
		if _, err := importer.Run(ctx, db, f.orgs, f.by, []byte("not a spreadsheet"), false, nil); !errs.Is(err, errs.Invalid) {
			t.Errorf("not xlsx: %v", err)
		}
		member := authz.Actor{UserID: 5, Name: "x", CommitteeID: f.by.CommitteeID, Roles: []authz.Role{authz.Member}}
		if _, err := importer.Run(ctx, db, f.orgs, member, good, false, nil); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member imported: %v", err)
		}
	})
}

// BenchmarkImport10k imports a 10,000-row sheet into an empty committee, and
// as the baseline of the same run only parses and checks it (dry run).
func BenchmarkImport10k(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			data := sheet(b, rows(10000))
			b.Run("check-only", func(b *testing.B) {
				f := setup(b, sqldbtest.Engine(b, engine))
				for b.Loop() {
					if out, err := importer.Run(ctx, f.db, f.orgs, f.by, data, true, nil); err != nil || !out.OK() {
						b.Fatal(err)
					}
				}
			})
			b.Run("import", func(b *testing.B) {
				for b.Loop() {
					b.StopTimer()
					f := setup(b, sqldbtest.Engine(b, engine))
					b.StartTimer()
					out, err := importer.Run(ctx, f.db, f.orgs, f.by, data, false, nil)
					if err != nil || out.Result.Created != 10000 {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
