package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"xieshang/internal/authz"
	"xieshang/internal/idcard"
	"xieshang/internal/org"
	"xieshang/internal/roster"
	"xieshang/internal/sqldb"
)

func TestRosterImportCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "x.db")
	if out, err := cli(t, "init", "--db", dsn, "--committee", "测试市政协"); err != nil {
		t.Fatalf("init: %v %s", err, out)
	}
	ctx := context.Background()
	db, err := openDB(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	cid, _ := committeeID(ctx, db, "")
	orgs := org.NewService(sqldb.Org(db))
	op := authz.SystemActor(cid)
	orgs.AddItem(ctx, op, org.Sectors, "医卫")
	orgs.AddItem(ctx, op, org.Parties, "民盟")
	orgs.AddTerm(ctx, op, org.Term{Number: 1, StartsOn: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)})
	db.Close()

	birth := time.Date(1966, 5, 4, 0, 0, 0, 0, time.UTC)
	rows := []roster.Row{
		{Name: "张宏伟", Gender: "男", Ethnicity: "汉族", BirthYear: 1966, BirthMonth: 5, BirthDay: 4, Party: "民盟", Sector: "医卫",
			Mobile: "13912345678", IDNumber: idcard.Make("649901", birth, true, 1)},
		{Name: "李秀兰", Gender: "女", Ethnicity: "汉族", BirthYear: 1966, BirthMonth: 5, BirthDay: 4, Party: "民盟", Sector: "医卫",
			Mobile: "13912345679", IDNumber: idcard.Make("649901", birth, false, 2)},
	}
	write := func(name string, rs []roster.Row) string {
		var buf bytes.Buffer
		if err := roster.Export(&buf, "名册", slices.Values(rs), false); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		os.WriteFile(p, buf.Bytes(), 0o644)
		return p
	}
	good := write("good.xlsx", rows)
	if out, err := cli(t, "roster", "import", good, "--db", dsn, "--dry-run"); err != nil || !strings.Contains(out, "检查通过:2") {
		t.Fatalf("dry run: %v %s", err, out)
	}
	if out, err := cli(t, "roster", "import", good, "--db", dsn); err != nil || !strings.Contains(out, "新增 2 名") {
		t.Fatalf("import: %v %s", err, out)
	}
	if out, err := cli(t, "roster", "import", good, "--db", dsn); err != nil || !strings.Contains(out, "更新 2 名") {
		t.Fatalf("re-import: %v %s", err, out)
	}
	rows[1].Sector = "医药"
	bad := write("bad.xlsx", rows)
	out, err := cli(t, "roster", "import", bad, "--db", dsn)
	if err == nil || !strings.Contains(out, "未写入任何数据") || !strings.Contains(out, "第 4 行 界别") {
		t.Fatalf("bad sheet: %v %s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.错误.xlsx")); err != nil {
		t.Errorf("no error sheet: %v", err)
	}
	if _, err := cli(t, "roster", "import", filepath.Join(dir, "missing.xlsx"), "--db", dsn); err == nil {
		t.Error("missing file accepted")
	}
}
