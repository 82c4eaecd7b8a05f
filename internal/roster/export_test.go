package roster

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestExportRoundTrip(t *testing.T) {
	var want []Row
	for i := range 300 {
		r := member(i)
		switch i % 5 {
		case 1:
			r.SpecialCommittees = []string{"提案委员会", "经济委员会"}
		case 2:
			r.SpecialCommittees = nil
			r.Ethnicity, r.Party, r.EmployerTitle = "", "", ""
		case 3:
			r.BirthYear, r.BirthMonth = 0, 0
		case 4:
			r.Name = "阿依古丽·买买提"
			r.Ethnicity = "维吾尔族"
		}
		want = append(want, r)
	}
	var buf bytes.Buffer
	if err := Export(&buf, "示范市政协第十一届委员名单", slices.Values(want), false); err != nil {
		t.Fatal(err)
	}
	res, err := Parse(bytes.NewReader(buf.Bytes()), int64(buf.Len()), testLists, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, nil)
	if res.Sheet != exportSheet || res.Header != 2 || len(res.Rows) != len(want) {
		t.Fatalf("sheet %q header %d rows %d", res.Sheet, res.Header, len(res.Rows))
	}
	for i, w := range want {
		if got := res.Rows[i]; !rowEqual(got, withLine(w, i+3)) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
}

func TestExportLayoutAndMasking(t *testing.T) {
	m := member(0)
	m.Standing = true
	m.BirthDay = 8 // the export writes year and month only
	var buf bytes.Buffer
	if err := Export(&buf, "委员名单", slices.Values([]Row{m}), true); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(exportSheet)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0][0] != "委员名单" || strings.Join(rows[1], ",") !=
		"姓名,性别,民族,出生年月,党派,界别,专委会,工作单位及职务,手机号码,身份证号,是否常委" {
		t.Fatalf("rows = %q", rows)
	}
	want := []string{m.Name, "男", "汉族", "1950.01", "中共", "中共", "提案委员会", m.EmployerTitle,
		"139****0000", m.IDNumber[:4] + "**********" + m.IDNumber[14:], "是"}
	if !slices.Equal(rows[2], want) {
		t.Errorf("row = %q, want %q", rows[2], want)
	}
	merged, err := f.GetMergeCells(exportSheet)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "K1" {
		t.Errorf("merged = %v, %v", merged, err)
	}
}

func TestExportWithoutTitle(t *testing.T) {
	var buf bytes.Buffer
	if err := Export(&buf, "", slices.Values([]Row{member(1)}), false); err != nil {
		t.Fatal(err)
	}
	res, err := Parse(&buf, -1, testLists, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Header != 1 || len(res.Rows) != 1 || len(res.Problems) != 0 {
		t.Errorf("result = %+v", res)
	}
}
