package member_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/errs"
	"xieshang/internal/idcard"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

var ctx = context.Background()

type fixture struct {
	t       *testing.T
	db      *sqldb.DB
	svc     *member.Service
	cid     int64
	office  authz.Actor
	plain   authz.Actor // a member's account
	sector  org.Item
	special org.Item
}

func newFixture(t *testing.T, db *sqldb.DB) *fixture {
	c, err := crypt.New("sm4-gcm", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	db.Cipher = c
	f := &fixture{t: t, db: db, svc: member.NewService(sqldb.Members(db)), cid: sqldbtest.Committee(t, db, "示范市政协")}
	accounts := account.NewService(sqldb.Accounts(db), account.Config{})
	mk := func(name string, r authz.Role) authz.Actor {
		u, _, err := accounts.CreateUser(ctx, authz.SystemActor(f.cid), account.NewUser{CommitteeID: f.cid, Username: name, Name: name, Roles: []authz.Role{r}})
		if err != nil {
			t.Fatal(err)
		}
		return u.Actor("")
	}
	f.office, f.plain = mk("office1", authz.Office), mk("member1", authz.Member)
	os := org.NewService(sqldb.Org(db))
	if f.sector, err = os.AddItem(ctx, f.office, org.Sectors, "医卫"); err != nil {
		t.Fatal(err)
	}
	if f.special, err = os.AddItem(ctx, f.office, org.SpecialCommittees, "提案委员会"); err != nil {
		t.Fatal(err)
	}
	return f
}

var seq int

func (f *fixture) sample(name string, male bool) member.Member {
	seq++
	birth := time.Date(1960+seq%30, time.Month(1+seq%12), 1+seq%28, 0, 0, 0, 0, time.UTC)
	g := member.Female
	if male {
		g = member.Male
	}
	return member.Member{Name: name, Gender: g, Ethnicity: "汉族", Party: "民盟", SectorID: f.sector.ID,
		EmployerTitle: "示范市第一人民医院副院长", Mobile: fmt.Sprintf("139%08d", seq), IDNumber: idcard.Make("649901", birth, male, seq)}
}

func TestCreateValidatesAndEncrypts(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		m := f.sample("张宏伟", true)
		m.SpecialCommittees = []member.SpecialCommittee{{ID: f.special.ID, Position: member.Head}}
		got, err := f.svc.Create(ctx, f.office, m)
		if err != nil {
			t.Fatal(err)
		}
		if got.BirthYear == 0 || got.Version != 1 {
			t.Errorf("created %+v", got)
		}
		// Nothing sensitive is stored in the clear.
		var mob, idn string
		db.R.QueryRow("SELECT mobile_enc, id_enc FROM members WHERE id = "+fmt.Sprint(got.ID)).Scan(&mob, &idn)
		if strings.Contains(mob, m.Mobile) || strings.Contains(idn, m.IDNumber) || mob == "" || idn == "" {
			t.Errorf("stored in the clear: %q %q", mob, idn)
		}
		bad := []struct {
			mutate func(*member.Member)
			field  string
		}{
			{func(m *member.Member) { m.Name = "" }, "name"},
			{func(m *member.Member) { m.Gender = "未知" }, "gender"},
			{func(m *member.Member) { m.Mobile = "12345" }, "mobile"},
			{func(m *member.Member) { m.IDNumber = m.IDNumber[:16] }, "id_number"},
			{func(m *member.Member) { m.Gender = member.Female }, "gender"},
			{func(m *member.Member) { m.BirthYear, m.BirthMonth = 1950, 1 }, "birth"},
		}
		for i, b := range bad {
			m := f.sample(fmt.Sprint("错误", i), true)
			b.mutate(&m)
			_, err := f.svc.Create(ctx, f.office, m)
			if fs := errs.FieldsOf(err); len(fs) == 0 || fs[0].Field != b.field {
				t.Errorf("case %d: %v, want field %s", i, err, b.field)
			}
		}
		dup := f.sample("李四", true)
		dup.IDNumber = m.IDNumber
		dup.Gender, dup.BirthYear = m.Gender, 0
		if _, err := f.svc.Create(ctx, f.office, dup); !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)[0].Field != "id_number" {
			t.Errorf("duplicate ID number: %v", err)
		}
		if _, err := f.svc.Create(ctx, f.plain, f.sample("王五", true)); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member created a member: %v", err)
		}
	})
}

func TestMaskingAndAuditedReveal(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		m, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		masked, err := f.svc.Get(ctx, f.plain, m.ID, false)
		if err != nil || masked.Mobile != m.Mobile[:3]+"****"+m.Mobile[7:] || masked.IDNumber != idcard.Mask(m.IDNumber) {
			t.Fatalf("masked view: %+v %v", masked, err)
		}
		if _, err := f.svc.Get(ctx, f.plain, m.ID, true); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member revealed: %v", err)
		}
		before := count(t, db, "unmask")
		full, err := f.svc.Get(ctx, f.office, m.ID, true)
		if err != nil || full.Mobile != m.Mobile || full.IDNumber != m.IDNumber {
			t.Fatalf("reveal: %+v %v", full, err)
		}
		if count(t, db, "unmask") != before+1 {
			t.Error("reveal not audited")
		}
		list, err := f.svc.List(ctx, f.office, member.Filter{})
		if err != nil || len(list) != 1 || list[0].Mobile == m.Mobile {
			t.Errorf("list not masked: %+v %v", list, err)
		}
		// The audit diff of a contact change shows that it changed, not what.
		if err := f.svc.UpdateContact(ctx, f.office, m.ID, full.Version, "13700000000", "示范市东城区某街1号"); err != nil {
			t.Fatal(err)
		}
		db.View(ctx, func(tx *sqldb.Tx) error {
			es, _ := tx.AuditEntries(ctx, audit.Filter{Action: "member.contact"})
			if len(es) != 1 || strings.Contains(es[0].ChangesJSON, "1370000") || strings.Contains(es[0].ChangesJSON, m.Mobile) {
				t.Errorf("contact audit: %+v", es)
			}
			return nil
		})
	})
}

func count(t *testing.T, db *sqldb.DB, action string) int {
	n := 0
	db.View(ctx, func(tx *sqldb.Tx) error {
		es, err := tx.AuditEntries(ctx, audit.Filter{Action: action, Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		n = len(es)
		return nil
	})
	return n
}

func TestConcurrentEditsOneWins(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		m, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := m
				e.EmployerTitle = fmt.Sprint("单位", i)
				_, results[i] = f.svc.Update(ctx, f.office, e)
			}()
		}
		wg.Wait()
		ok, conflict := 0, 0
		for _, err := range results {
			switch {
			case err == nil:
				ok++
			case errs.Is(err, errs.Conflict):
				conflict++
			default:
				t.Errorf("unexpected: %v", err)
			}
		}
		if ok != 1 || conflict != 1 {
			t.Errorf("ok %d conflict %d", ok, conflict)
		}
		if n := count(t, db, "member.update"); n != 1 {
			t.Errorf("%d update entries", n)
		}
	})
}

func TestListSearchFiltersAndCursor(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		people := []string{"张宏伟", "张红", "李明", "王芳", "欧阳明", "单田芳", "曾国强"}
		for i, n := range people {
			m := f.sample(n, i%2 == 0)
			if n == "李明" {
				m.Standing = true
				m.SpecialCommittees = []member.SpecialCommittee{{ID: f.special.ID}}
			}
			if _, err := f.svc.Create(ctx, f.office, m); err != nil {
				t.Fatalf("%s: %v", n, err)
			}
		}
		names := func(f member.Filter, s *fixture) string {
			list, err := s.svc.List(ctx, s.plain, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range list {
				out = append(out, m.Name)
			}
			return strings.Join(out, ",")
		}
		tests := []struct {
			f    member.Filter
			want string
		}{
			{member.Filter{}, "李明,欧阳明,单田芳,王芳,曾国强,张红,张宏伟"},
			{member.Filter{Query: "zhw"}, "张宏伟"},
			{member.Filter{Query: "zh"}, "张红,张宏伟"},
			{member.Filter{Query: "zgq"}, "曾国强"},
			{member.Filter{Query: "张"}, "张红,张宏伟"},
			{member.Filter{Query: "shantianfang"}, "单田芳"},
			{member.Filter{Query: "ZHW"}, "张宏伟"},
			{member.Filter{Query: "%"}, ""},
			{member.Filter{Title: "常委"}, "李明"},
			{member.Filter{SpecialCommitteeID: f.special.ID}, "李明"},
			{member.Filter{Party: "民盟", Query: "ming"}, "李明,欧阳明"},
			{member.Filter{SectorID: f.sector.ID + 1000}, ""},
		}
		for _, tt := range tests {
			if got := names(tt.f, f); got != tt.want {
				t.Errorf("%+v: got %s, want %s", tt.f, got, tt.want)
			}
		}
		// Walk in pages of two.
		var walked []string
		cur := member.Filter{Limit: 2}
		for {
			list, err := f.svc.List(ctx, f.plain, cur)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range list {
				walked = append(walked, m.Name)
			}
			if len(list) < 2 {
				break
			}
			cur.AfterKey, cur.AfterID = list[len(list)-1].SortKey, list[len(list)-1].ID
		}
		if strings.Join(walked, ",") != names(member.Filter{}, f) {
			t.Errorf("pages: %v", walked)
		}
		// Another committee sees none of them.
		other := sqldbtest.Committee(t, db, "示范区政协")
		outsider := authz.Actor{UserID: 999, Name: "x", CommitteeID: other, Roles: []authz.Role{authz.Office}}
		if list, err := f.svc.List(ctx, outsider, member.Filter{}); err != nil || len(list) != 0 {
			t.Errorf("other committee sees %d: %v", len(list), err)
		}
	})
}

func TestConvenersAndLinkAccount(t *testing.T) {
	sqldbtest.Each(t, func(t *testing.T, db *sqldb.DB) {
		f := newFixture(t, db)
		os := org.NewService(sqldb.Org(db))
		other, err := os.AddItem(ctx, f.office, org.Sectors, "教育")
		if err != nil {
			t.Fatal(err)
		}
		a, err := f.svc.Create(ctx, f.office, f.sample("张宏伟", true))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := f.svc.Create(ctx, f.office, f.sample("李秀兰", false))
		elsewhere := f.sample("王建国", true)
		elsewhere.SectorID = other.ID
		c, _ := f.svc.Create(ctx, f.office, elsewhere)

		if err := f.svc.SetConveners(ctx, f.plain, f.sector.ID, []int64{a.ID}); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member set conveners: %v", err)
		}
		if err := f.svc.SetConveners(ctx, f.office, f.sector.ID, []int64{a.ID, c.ID}); errs.FieldsOf(err) == nil {
			t.Errorf("convener of another sector: %v", err)
		}
		if err := f.svc.SetConveners(ctx, f.office, 99999, []int64{a.ID}); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown sector: %v", err)
		}
		if err := f.svc.SetConveners(ctx, f.office, f.sector.ID, []int64{b.ID, a.ID, a.ID}); err != nil {
			t.Fatal(err)
		}
		conv, err := f.svc.Conveners(ctx, f.plain, f.sector.ID)
		if err != nil || len(conv) != 2 || conv[0].Name != "李秀兰" || conv[1].Name != "张宏伟" || !strings.Contains(conv[0].Mobile, "****") {
			t.Fatalf("conveners: %+v %v", conv, err)
		}
		if err := f.svc.SetConveners(ctx, f.office, f.sector.ID, nil); err != nil {
			t.Fatal(err)
		}
		if conv, _ := f.svc.Conveners(ctx, f.plain, f.sector.ID); len(conv) != 0 {
			t.Errorf("conveners not cleared: %v", conv)
		}
		if n := countAudit(t, db, "sector.conveners"); n != 2 {
			t.Errorf("sector.conveners audited %d times", n)
		}

		if err := f.svc.LinkAccount(ctx, f.plain, a.ID, f.plain.UserID); !errs.Is(err, errs.Forbidden) {
			t.Errorf("member linked: %v", err)
		}
		if err := f.svc.LinkAccount(ctx, f.office, a.ID, 99999); !errs.Is(err, errs.NotFound) {
			t.Errorf("unknown account: %v", err)
		}
		if err := f.svc.LinkAccount(ctx, f.office, a.ID, f.plain.UserID); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.LinkAccount(ctx, f.office, a.ID, f.plain.UserID); !errs.Is(err, errs.Conflict) {
			t.Errorf("linked twice: %v", err)
		}
		got, err := f.svc.Get(ctx, f.plain, a.ID, false)
		if err != nil || got.UserID != f.plain.UserID || got.Version != 2 || strings.Contains(got.Mobile, "*") {
			t.Errorf("linked member as seen by themself: %+v %v", got, err)
		}
		if n := countAudit(t, db, "member.link_account"); n != 1 {
			t.Errorf("member.link_account audited %d times", n)
		}
	})
}

func countAudit(t *testing.T, db *sqldb.DB, action string) int {
	var n int
	db.View(ctx, func(tx *sqldb.Tx) error {
		es, err := tx.AuditEntries(ctx, audit.Filter{Action: action, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		n = len(es)
		return nil
	})
	return n
}
