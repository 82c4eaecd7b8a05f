package roster

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestWriteErrorSheet(t *testing.T) {
	bad := with(1, cGender, "男性")
	bad[cEthnicity] = "火星族"
	bad[cBirth] = time.Date(1951, 2, 2, 0, 0, 0, 0, time.UTC) // a date-formatted cell keeps its format
	original := standard(t, good(0), bad, good(2), with(3, cMobile, "123"))
	res, err := parse(original, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, []wantProblem{{3, "性别", "性别应填"}, {3, "民族", "火星族"}, {5, "手机号码", "格式不正确"}})

	out, err := WriteErrorSheet(original, res.Problems)
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, out)
	rows, _ := f.GetRows("Sheet1")
	if rows[0][11] != "错误原因" || len(rows[0]) != 12 {
		t.Fatalf("header = %q", rows[0])
	}
	if want := res.Problems[0].Message + "；" + res.Problems[1].Message; rows[2][11] != want {
		t.Errorf("L3 = %q, want %q", rows[2][11], want)
	}
	if !strings.Contains(rows[4][11], "手机号码“123”格式不正确") || len(rows[1]) > 11 {
		t.Errorf("L5 = %q, row 2 = %q", rows[4][11], rows[1])
	}
	if s := style(t, f, "A3"); s.Fill.Color == nil || s.Fill.Color[0] != errorFill || s.Font != nil && s.Font.Bold {
		t.Errorf("A3 style = %+v", s)
	}
	if s := style(t, f, "B3"); s.Fill.Color[0] != errorFill || s.Font == nil || !s.Font.Bold || s.Font.Color != errorFont {
		t.Errorf("B3 style = %+v %+v", s, s.Font)
	}
	if s := style(t, f, "D3"); s.Fill.Color[0] != errorFill || s.NumFmt == 0 {
		t.Errorf("D3 lost its date format: %+v", s)
	}
	if s := style(t, f, "A2"); len(s.Fill.Color) != 0 {
		t.Errorf("A2, a good row, is filled: %+v", s)
	}
	f.Close()

	// The error sheet reads as the original did: 错误原因 is an extra column.
	again, err := parse(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, again.Problems, []wantProblem{{3, "性别", "性别应填"}, {3, "民族", "火星族"}, {5, "手机号码", "格式不正确"}})

	// Once row 3 is fixed, a second error sheet reuses the column and clears
	// the old reason.
	f = open(t, out)
	f.SetCellStr("Sheet1", "B3", "女")
	f.SetCellStr("Sheet1", "C3", "汉族")
	var fixed bytes.Buffer
	f.WriteTo(&fixed)
	f.Close()
	res, err = parse(fixed.Bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, []wantProblem{{5, "手机号码", "格式不正确"}})
	out, err = WriteErrorSheet(fixed.Bytes(), res.Problems)
	if err != nil {
		t.Fatal(err)
	}
	f = open(t, out)
	defer f.Close()
	rows, _ = f.GetRows("Sheet1")
	if len(rows[0]) != 12 || rows[0][11] != "错误原因" || len(rows[2]) > 11 && rows[2][11] != "" || rows[4][11] == "" {
		t.Errorf("rows = %q", rows)
	}
}

func TestWriteErrorSheetRefusesWhatParseRefuses(t *testing.T) {
	if _, err := WriteErrorSheet([]byte("姓名,性别\n"), nil); err == nil || !strings.Contains(err.Error(), "CSV") {
		t.Errorf("err = %v", err)
	}
	if _, err := WriteErrorSheet(newBook(t).rows(1, []any{"名单"}).bytes(), nil); err == nil {
		t.Error("no error for a sheet without a header")
	}
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func style(t *testing.T, f *excelize.File, cell string) *excelize.Style {
	t.Helper()
	id, err := f.GetCellStyle("Sheet1", cell)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
