package roster

import (
	"strings"
	"testing"
)

func TestParseDate(t *testing.T) {
	cases := []struct {
		in       string
		date1904 bool
		y, m, d  int
		ok       bool
	}{
		{"1965.03", false, 1965, 3, 0, true},
		{"1965.3", false, 1965, 3, 0, true},
		{"1965.10", false, 1965, 10, 0, true},
		{"1965-3", false, 1965, 3, 0, true},
		{"1965-03-08", false, 1965, 3, 8, true},
		{"1965/3/8", false, 1965, 3, 8, true},
		{"1965年3月", false, 1965, 3, 0, true},
		{"1965年03月08日", false, 1965, 3, 8, true},
		{"196503", false, 1965, 3, 0, true},
		{"19650308", false, 1965, 3, 8, true},
		{"1965.03.08", false, 1965, 3, 8, true},
		{"1965-03-08 00:00:00", false, 1965, 3, 8, true},
		{"1965．03", false, 1965, 3, 0, true},
		{"23809", false, 1965, 3, 8, true},   // serial number
		{"23809.5", false, 1965, 3, 8, true}, // with a time of day
		{"22347", true, 1965, 3, 8, true},    // 1904 date system
		{"1965", false, 0, 0, 0, false},
		{"1965.", false, 0, 0, 0, false},
		{"1965年", false, 0, 0, 0, false},
		{"1965.13", false, 0, 0, 0, false},
		{"1965.02.30", false, 0, 0, 0, false},
		{"1965.3.8.1", false, 0, 0, 0, false},
		{"65.03", false, 0, 0, 0, false},
		{"1865.03", false, 0, 0, 0, false},
		{"1965.003", false, 0, 0, 0, false},
		{"三月", false, 0, 0, 0, false},
		{"1965年3月8", false, 1965, 3, 8, true},
		{"1965日3", false, 0, 0, 0, false},
		{"", false, 0, 0, 0, false},
	}
	for _, c := range cases {
		y, m, d, ok := parseDate(c.in, c.date1904)
		if y != c.y || m != c.m || d != c.d || ok != c.ok {
			t.Errorf("parseDate(%q, %v) = %d, %d, %d, %v; want %d, %d, %d, %v", c.in, c.date1904, y, m, d, ok, c.y, c.m, c.d, c.ok)
		}
	}
}

func TestSerialDateLeapBug(t *testing.T) {
	for n, want := range map[int][3]int{1: {1900, 1, 1}, 59: {1900, 2, 28}, 61: {1900, 3, 1}} {
		if y, m, d, ok := serialDate(n, false); !ok || [3]int{y, m, d} != want {
			t.Errorf("serialDate(%d) = %d-%d-%d %v, want %v", n, y, m, d, ok, want)
		}
	}
	if _, _, _, ok := serialDate(60, false); ok {
		t.Error("serial 60 (29 February 1900) accepted")
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"张三":             "张三",
		"  张三\u3000":     "张三",
		"\u00a0张\u00a0三": "张三",
		"１３８００１３８０００":    "13800138000",
		"ＡＢＣｘｙｚ":         "ABCxyz",
		"示范市\n第一中学\t 校长": "示范市 第一中学 校长",
		"a\u200bb\ufeff": "ab",
		"x\x00y":         "xy",
		"plain ascii":    "plain ascii",
		"two  spaces":    "two spaces",
		"\xff":           "\ufffd",
		"（全角括号）":         "（全角括号）",
	} {
		if got := normalize(in); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseMobile(t *testing.T) {
	for in, want := range map[string]string{
		"13800138000":      "13800138000",
		"1.3800138E10":     "13800138000",
		"1.3800138E+10":    "13800138000",
		"138 0013 8000":    "13800138000",
		"138-0013-8000":    "13800138000",
		"+86 13800138000":  "13800138000",
		"+8613800138000":   "13800138000",
		"8613800138000":    "13800138000",
		"0551-62345678":    "055162345678",
		"138001380001":     "138001380001",
		"1.38E+10":         "13800000000",
		"13800138000/1390": "13800138000/1390",
	} {
		if got := parseMobile(in); got != want {
			t.Errorf("parseMobile(%q) = %q, want %q", in, got, want)
		}
	}
	for s, want := range map[string]bool{"13800138000": true, "19912345678": true, "12800138000": false,
		"1380013800": false, "1380013800a": false, "": false} {
		if validMobile(s) != want {
			t.Errorf("validMobile(%q) = %v", s, !want)
		}
	}
}

func TestHeaderKey(t *testing.T) {
	for in, want := range map[string]string{
		"姓名": "姓名", "* 姓 名": "姓名", "姓\u3000名*": "姓名", "＊姓名": "姓名", "姓名(必填)": "姓名",
		"姓名（必填）": "姓名", "出生年月(如1965.03)": "出生年月", "※身份证号【必填】": "身份证号", "(备注)": "(备注)",
	} {
		if got := headerKey(in); got != want {
			t.Errorf("headerKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClosest(t *testing.T) {
	names := testLists.Sectors
	for in, want := range map[string]string{
		"医药卫生": "医卫", "教育界别": "教育", "社会福利": "社会福利和社会保障", "新闻": "新闻出版", "外星人": "",
	} {
		got, ok := closest(in, names)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("closest(%q) = %q, want %q", in, got, want)
		}
	}
	if d := editDistance("医药卫生", "医卫"); d != 2 {
		t.Errorf("editDistance = %d", d)
	}
}

// TestScanSheet covers what the byte scanner must see and must not: the
// formulas of data validations in extLst (<xm:f>) are not cell formulas,
// nor is "<f>" written as text in a cell.
func TestScanSheet(t *testing.T) {
	xml := `<?xml version="1.0"?><worksheet xmlns="x" xmlns:xm="m"><!-- <f> -->
<cols><col min="3" max="4" hidden="1"/><col min="6" max="6" width="0" customWidth="1"/><col min="7" max="7" width="9"/></cols>
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lt;f&gt;</t></is></c><c><f>1+1</f></c></row>
<row r="3" hidden="true"><c r="B3"><f t="shared" si="0"/><v>2</v></c></row><row ht="0" customHeight="1"><c r="A4" t="inlineStr"><is><t><![CDATA[<f>x</f>]]></t></is></c></row></sheetData>
<mergeCells><mergeCell ref="A1:K1"/><mergeCell ref="$C$3:$C$5"/></mergeCells>
<extLst><ext><x14:dataValidations><x14:dataValidation><x14:formula1><xm:f>Lists!$A$1:$A$9</xm:f></x14:formula1></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>`
	s := scanSheet([]byte(xml), 1)
	if s.lastRow != 4 || s.formulas != 2 || strings.Join(s.formulaCells, ",") != "B1,B3" {
		t.Errorf("lastRow %d formulas %d %v", s.lastRow, s.formulas, s.formulaCells)
	}
	if s.merges != 1 || s.mergeRefs[0] != "$C$3:$C$5" {
		t.Errorf("merges %d %v", s.merges, s.mergeRefs)
	}
	if len(s.hiddenCols) != 2 || s.hiddenCols[0] != (colSpan{3, 4}) || s.hiddenCols[1] != (colSpan{6, 6}) {
		t.Errorf("hidden columns %v", s.hiddenCols)
	}
	if len(s.hiddenRows) != 2 || !s.hiddenRows[3] || !s.hiddenRows[4] {
		t.Errorf("hidden rows %v", s.hiddenRows)
	}
}
