package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"xieshang/internal/errs"
	"xieshang/internal/idcard"
)

// Columns of stdHeader.
const (
	cName = iota
	cGender
	cEthnicity
	cBirth
	cParty
	cSector
	cSpecial
	cEmployer
	cMobile
	cID
	cStanding
)

// good returns the cells of member(i); with replaces one of them.
func good(i int) []any { return cellsOf(member(i)) }

func with(i, col int, v any) []any {
	r := good(i)
	r[col] = v
	return r
}

type wantProblem struct {
	line  int
	field string
	text  string // a fragment of the message
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Line != w.line || g.Field != w.field || !strings.Contains(g.Message, w.text) {
			t.Errorf("problem %d = {%d %s %q}, want {%d %s …%q…}", i, g.Line, g.Field, g.Message, w.line, w.field, w.text)
		}
	}
}

// TestParseChecks has one sheet per check, each with the problem it must
// give: sheet row, Chinese column and message.
func TestParseChecks(t *testing.T) {
	m0, m1 := member(0), member(1)
	badCheck := []byte(m0.IDNumber)
	badCheck[17] = "0123456789X"[(strings.IndexByte("0123456789X", badCheck[17])+1)%11]
	cases := []struct {
		name  string
		rows  [][]any
		known Known
		want  []wantProblem
	}{
		{"valid", [][]any{good(0), good(1)}, nil, nil},
		{"required empty", [][]any{{nil, nil, "汉族"}}, nil, []wantProblem{
			{2, "姓名", "姓名不能为空"}, {2, "性别", "性别不能为空"}, {2, "界别", "界别不能为空"},
			{2, "手机号码", "手机号码不能为空"}, {2, "身份证号", "身份证号不能为空"}}},
		{"name too long", [][]any{with(0, cName, strings.Repeat("张", 33))}, nil, []wantProblem{
			{2, "姓名", "姓名不能超过 32 个字"}}},
		{"gender", [][]any{with(0, cGender, "男性")}, nil, []wantProblem{
			{2, "性别", "性别应填“男”或“女”,不能填“男性”"}}},
		{"ethnicity", [][]any{with(0, cEthnicity, "火星族")}, nil, []wantProblem{
			{2, "民族", "民族“火星族”无法识别"}}},
		{"birth unreadable", [][]any{with(0, cBirth, "五〇年一月")}, nil, []wantProblem{
			{2, "出生年月", "出生年月“五〇年一月”无法识别,请写成 1965.03 或 1965-03-08 的形式"}}},
		{"year only", [][]any{with(0, cBirth, "1950")}, nil, []wantProblem{
			{2, "出生年月", "出生年月“1950”无法识别"}}},
		{"birth disagrees with ID", [][]any{with(0, cBirth, "1951.01")}, nil, []wantProblem{
			{2, "出生年月", "出生年月与身份证号不一致:表中为1951.01,身份证号中为1950.01"}}},
		{"birth day disagrees with ID", [][]any{with(0, cBirth, "1950-01-02")}, nil, []wantProblem{
			{2, "出生年月", "出生日期与身份证号不一致:表中为1950.01.02,身份证号中为1950.01.01"}}},
		{"1959.1 read as January", [][]any{with(9, cBirth, "1959.1")}, nil, []wantProblem{
			{2, "出生年月", "表中为1959.01,身份证号中为1959.10;如为10月,请把该列设为文本格式并填写 1959.10"}}},
		{"gender disagrees with ID", [][]any{with(0, cGender, "女")}, nil, []wantProblem{
			{2, "性别", "性别与身份证号不一致:表中为女,身份证号中为男"}}},
		{"party unknown, short list", [][]any{with(0, cParty, "共青团员")}, nil, []wantProblem{
			{2, "党派", "党派“共青团员”不在本届党派名单中,可选:中共、民革、民盟、民建、民进、农工党、致公党、九三学社、台盟、无党派"}}},
		{"sector unknown, suggestion", [][]any{with(0, cSector, "医药卫生")}, nil, []wantProblem{
			{2, "界别", "界别“医药卫生”不在本届界别名单中,是否为“医卫”?"}}},
		{"sector unknown, nothing close", [][]any{with(0, cSector, "外星人")}, nil, []wantProblem{
			{2, "界别", "界别“外星人”不在本届界别名单中,请核对"}}},
		{"special committee unknown", [][]any{with(0, cSpecial, "提案委员会、外事委")}, nil, []wantProblem{
			{2, "专委会", "专委会“外事委”不在本届专委会名单中,可选:提案委员会、经济委员会"}}},
		{"employer too long", [][]any{with(0, cEmployer, strings.Repeat("单位", 51))}, nil, []wantProblem{
			{2, "工作单位及职务", "工作单位及职务不能超过 100 个字"}}},
		{"mobile short", [][]any{with(0, cMobile, "1390000000")}, nil, []wantProblem{
			{2, "手机号码", "手机号码“1390000000”格式不正确"}}},
		{"mobile prefix", [][]any{with(0, cMobile, "12900000000")}, nil, []wantProblem{
			{2, "手机号码", "手机号码“12900000000”格式不正确,应为 11 位数字,以 1 开头"}}},
		{"mobile landline", [][]any{with(0, cMobile, "0551-62345678")}, nil, []wantProblem{
			{2, "手机号码", "格式不正确"}}},
		{"ID check character", [][]any{with(0, cID, string(badCheck))}, nil, []wantProblem{
			{2, "身份证号", "身份证号校验位不正确"}}},
		{"ID length", [][]any{with(0, cID, m0.IDNumber[:15])}, nil, []wantProblem{
			{2, "身份证号", "身份证号应为 18 位"}}},
		{"ID stored as number", [][]any{with(0, cID, "1.10101195001011E+17")}, nil, []wantProblem{
			{2, "身份证号", "被存成了数字,末几位已丢失"}}},
		{"ID repeated", [][]any{good(0), good(1), with(0, cMobile, "13700000000")}, nil, []wantProblem{
			{4, "身份证号", "身份证号与第2行重复"}}},
		{"mobile repeated", [][]any{good(0), good(1), with(2, cMobile, m1.Mobile)}, nil, []wantProblem{
			{4, "手机号码", "手机号码与第3行重复"}}},
		{"mobile of another member", [][]any{good(0)}, knownMobiles{m0.Mobile: m1.IDNumber}, []wantProblem{
			{2, "手机号码", "手机号码13900000000已登记在另一位委员名下"}}},
		{"mobile of the same member", [][]any{good(0)}, knownMobiles{m0.Mobile: strings.ToLower(m0.IDNumber)}, nil},
		{"standing", [][]any{with(0, cStanding, "可能")}, nil, []wantProblem{
			{2, "是否常委", "是否常委应填“是”或“否”,不能填“可能”"}}},
		{"all problems of a row and of later rows", [][]any{
			{"张三", "男性", "汉族", "1950.01", "中共", "医药卫生", nil, nil, "123", "110"}, good(3),
			{"李四", "女", nil, nil, nil, "教育", nil, nil, m0.Mobile}}, nil, []wantProblem{
			{2, "性别", "性别应填"}, {2, "界别", "是否为“医卫”"}, {2, "身份证号", "应为 18 位"},
			{2, "手机号码", "格式不正确"}, {4, "身份证号", "身份证号不能为空"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := parse(standard(t, c.rows...), c.known)
			if err != nil {
				t.Fatal(err)
			}
			checkProblems(t, res.Problems, c.want)
			if len(res.Rows) != len(c.rows) {
				t.Errorf("got %d rows, want %d", len(res.Rows), len(c.rows))
			}
		})
	}
}

func TestParseProblemCap(t *testing.T) {
	var rows [][]any
	for i := range 600 {
		rows = append(rows, with(i, cMobile, "1"), with(i, cGender, "?"))
	}
	res, err := parse(standard(t, rows...), nil)
	if err != nil {
		t.Fatal(err)
	}
	// 1,800 problems: a bad mobile in every first row of a pair; a bad
	// gender and the first row's ID again in every second
	if len(res.Problems) != MaxProblems+1 {
		t.Fatalf("got %d problems, want %d", len(res.Problems), MaxProblems+1)
	}
	last := res.Problems[MaxProblems]
	if last.Line != 0 || last.Field != "" || !strings.Contains(last.Message, "问题超过1000条") {
		t.Errorf("last problem = %+v", last)
	}
	if len(res.Rows) != 1200 {
		t.Errorf("got %d rows, want all 1200", len(res.Rows))
	}
}

// TestParseTolerances has one sheet per tolerated way of writing a cell,
// each with the value it must read.
func TestParseTolerances(t *testing.T) {
	m0 := member(0) // 男, born 1950-01-01, mobile 13900000000
	var idX string
	for seq := 0; idX == ""; seq++ {
		if id := idcard.Make("110101", time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), true, seq); id[17] == 'X' {
			idX = id
		}
	}
	ym := func(r Row) any { return [3]int{r.BirthYear, r.BirthMonth, r.BirthDay} }
	cases := []struct {
		name string
		col  int
		cell any
		get  func(Row) any
		want any
	}{
		{"name aligned with spaces", cName, "张  三", func(r Row) any { return r.Name }, "张三"},
		{"name with U+3000", cName, "张\u3000三", func(r Row) any { return r.Name }, "张三"},
		{"name with NBSP", cName, "\u00a0张三\u00a0 ", func(r Row) any { return r.Name }, "张三"},
		{"name with Latin letters", cName, " Anna  Lee ", func(r Row) any { return r.Name }, "Anna Lee"},
		{"name with middle dot", cName, "阿依古丽•买买提", func(r Row) any { return r.Name }, "阿依古丽·买买提"},
		{"ethnicity short", cEthnicity, "汉", func(r Row) any { return r.Ethnicity }, "汉族"},
		{"ethnicity full", cEthnicity, "维吾尔族", func(r Row) any { return r.Ethnicity }, "维吾尔族"},
		{"date 1950.01", cBirth, "1950.01", ym, [3]int{1950, 1, 0}},
		{"date 1950.1", cBirth, "1950.1", ym, [3]int{1950, 1, 0}},
		{"date 1950-1", cBirth, "1950-1", ym, [3]int{1950, 1, 0}},
		{"date 1950-01-01", cBirth, "1950-01-01", ym, [3]int{1950, 1, 1}},
		{"date 1950/1/1", cBirth, "1950/1/1", ym, [3]int{1950, 1, 1}},
		{"date 1950年1月", cBirth, "1950年1月", ym, [3]int{1950, 1, 0}},
		{"date 1950年1月1日", cBirth, "1950年1月1日", ym, [3]int{1950, 1, 1}},
		{"date 195001", cBirth, "195001", ym, [3]int{1950, 1, 0}},
		{"date 19500101", cBirth, "19500101", ym, [3]int{1950, 1, 1}},
		{"date as number 195001", cBirth, 195001, ym, [3]int{1950, 1, 0}},
		{"date as number 1950.01", cBirth, 1950.01, ym, [3]int{1950, 1, 0}},
		{"date cell", cBirth, time.Date(1950, 1, 1, 0, 0, 0, 0, time.UTC), ym, [3]int{1950, 1, 1}},
		{"date full-width", cBirth, "１９５０．０１", ym, [3]int{1950, 1, 0}},
		{"date full-width digits", cBirth, "１９５０.０１", ym, [3]int{1950, 1, 0}},
		{"party 中国共产党", cParty, "中国共产党", func(r Row) any { return r.Party }, "中共"},
		{"party 中国国民党革命委员会", cParty, "中国国民党革命委员会", func(r Row) any { return r.Party }, "民革"},
		{"party 群众", cParty, "群众", func(r Row) any { return r.Party }, "无党派"},
		{"party 无", cParty, "无", func(r Row) any { return r.Party }, "无党派"},
		{"party 九三", cParty, "九三", func(r Row) any { return r.Party }, "九三学社"},
		{"sector 教育界", cSector, "教育界", func(r Row) any { return r.Sector }, "教育"},
		{"special committees 、", cSpecial, "提案委员会、经济委员会", func(r Row) any { return r.SpecialCommittees }, []string{"提案委员会", "经济委员会"}},
		{"special committees ,;", cSpecial, "提案委员会,经济委员会；农业和农村委员会", func(r Row) any { return r.SpecialCommittees },
			[]string{"提案委员会", "经济委员会", "农业和农村委员会"}},
		{"special committees ，;", cSpecial, "提案委员会，经济委员会;提案委员会", func(r Row) any { return r.SpecialCommittees },
			[]string{"提案委员会", "经济委员会"}},
		{"special committees spaces", cSpecial, "提案委员会 \u3000经济委员会", func(r Row) any { return r.SpecialCommittees },
			[]string{"提案委员会", "经济委员会"}},
		{"special committee short forms", cSpecial, "提案委、经济专委会", func(r Row) any { return r.SpecialCommittees },
			[]string{"提案委员会", "经济委员会"}},
		{"mobile as number", cMobile, 13900000000, func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile as float", cMobile, 1.39e10, func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile in E notation", cMobile, "1.39E+10", func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile +86", cMobile, "+86 139-0000-0000", func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile 86", cMobile, "8613900000000", func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile spaced", cMobile, "139 0000 0000", func(r Row) any { return r.Mobile }, m0.Mobile},
		{"mobile full-width", cMobile, "１３９００００００００", func(r Row) any { return r.Mobile }, m0.Mobile},
		{"ID lower-case x", cID, strings.ToLower(idX), func(r Row) any { return r.IDNumber }, idX},
		{"ID full-width x", cID, idX[:17] + "ｘ", func(r Row) any { return r.IDNumber }, idX},
		{"ID spaced", cID, " " + idX[:6] + " " + idX[6:] + " ", func(r Row) any { return r.IDNumber }, idX},
	}
	for _, v := range []string{"是", "√", "Y", "y", "1", "常委", "TRUE"} {
		cases = append(cases, struct {
			name string
			col  int
			cell any
			get  func(Row) any
			want any
		}{"standing " + v, cStanding, v, func(r Row) any { return r.Standing }, true})
	}
	for _, v := range []any{"否", nil, "N", "0", 0} {
		cases = append(cases, struct {
			name string
			col  int
			cell any
			get  func(Row) any
			want any
		}{"not standing " + fmt.Sprint(v), cStanding, v, func(r Row) any { return r.Standing }, false})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := parse(standard(t, with(0, c.col, c.cell)), nil)
			if err != nil {
				t.Fatal(err)
			}
			checkProblems(t, res.Problems, nil)
			if got := c.get(res.Rows[0]); !equal(got, c.want) {
				t.Errorf("got %#v, want %#v", got, c.want)
			}
		})
	}
}

func equal(a, b any) bool {
	if as, ok := a.([]string); ok {
		bs, ok := b.([]string)
		return ok && slices.Equal(as, bs)
	}
	return a == b
}

// TestParseLayout covers where the data may be: a merged title above the
// header, header names in other words and order, extra columns, 工作单位 and
// 职务 in two columns, blank rows, a first sheet of instructions, a hidden
// sheet.
func TestParseLayout(t *testing.T) {
	m0, m1 := member(0), member(1)
	b := newBook(t)
	b.rows(1, []any{"填表说明:请勿修改表头"}) // instructions sheet comes first
	b.must(b.f.SetSheetName("Sheet1", "说明"))
	if _, err := b.f.NewSheet("隐藏"); err != nil {
		t.Fatal(err)
	}
	b.sheet = "隐藏"
	b.rows(1, stdHeader, good(5))
	b.must(b.f.SetSheetVisible("隐藏", false))
	if _, err := b.f.NewSheet("名单"); err != nil {
		t.Fatal(err)
	}
	b.sheet = "名单"
	b.rows(1, []any{"示范市政协第十一届委员名单"})
	b.must(b.f.MergeCell("名单", "A1", "M1"))
	b.rows(3,
		[]any{"序号", "身份证号码", "* 姓\u3000名", "性别(必填)", "民族", "出生日期（如1965.03）", "政治面貌", "界别*",
			"所属专委会", "工作单位", "职务", "手机", "常委", "备注"},
		[]any{1, m0.IDNumber, m0.Name, m0.Gender, "汉", "1950.01", "中国共产党", m0.Sector, "提案委",
			"示范市第一中学", "校长", m0.Mobile, "是", "新任"},
		[]any{2}, // only the serial number: blank
		[]any{},
		[]any{3, m1.IDNumber, m1.Name, m1.Gender, "汉族", "1951.02", m1.Party, m1.Sector, nil,
			"示范市科技局", nil, m1.Mobile, nil},
		[]any{4}, []any{}, []any{nil, " ", "\u3000"}, // trailing blank rows
	)
	res, err := parse(b.bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, nil)
	if res.Sheet != "名单" || res.Header != 3 {
		t.Errorf("sheet %q header %d, want 名单 3", res.Sheet, res.Header)
	}
	want := []Row{
		{Line: 4, Name: m0.Name, Gender: "男", Ethnicity: "汉族", BirthYear: 1950, BirthMonth: 1, Party: "中共",
			Sector: m0.Sector, SpecialCommittees: []string{"提案委员会"}, EmployerTitle: "示范市第一中学校长",
			Mobile: m0.Mobile, IDNumber: m0.IDNumber, Standing: true},
		{Line: 7, Name: m1.Name, Gender: "女", Ethnicity: "汉族", BirthYear: 1951, BirthMonth: 2, Party: m1.Party,
			Sector: m1.Sector, EmployerTitle: "示范市科技局", Mobile: m1.Mobile, IDNumber: m1.IDNumber},
	}
	if len(res.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(res.Rows), len(want), res.Rows)
	}
	for i := range want {
		if !rowEqual(res.Rows[i], want[i]) {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, res.Rows[i], want[i])
		}
	}
}

func rowEqual(a, b Row) bool {
	return reflect.DeepEqual(a, b) || len(a.SpecialCommittees) == 0 && len(b.SpecialCommittees) == 0 &&
		reflect.DeepEqual(withCommittees(a, nil), withCommittees(b, nil))
}

func withCommittees(r Row, c []string) Row { r.SpecialCommittees = c; return r }

// TestParseFileErrors covers the files Parse refuses as a whole.
func TestParseFileErrors(t *testing.T) {
	zipOf := func(files map[string]string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range files {
			w, _ := zw.Create(name)
			io.WriteString(w, body)
		}
		zw.Close()
		return buf.Bytes()
	}
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 1024)...)
	encrypted := append(slices.Clone(ole), utf16le("EncryptionInfo")...)
	formula := func(b *book) { b.must(b.f.SetCellFormula(b.sheet, "C3", `"汉"&"族"`)) }
	cases := []struct {
		name string
		data []byte
		size int64 // 0: len(data)
		want string
	}{
		{"empty file", nil, 0, "文件是空的"},
		{"random bytes", []byte{0x00, 0x01, 0x02, 0xff, 0xfe, 0x10}, 0, "文件不是 Excel 工作簿(.xlsx)"},
		{"csv", []byte("姓名,性别\n张三,男\n"), 0, "这是 CSV 或文本文件"},
		{"xls", ole, 0, "这是旧版 Excel(.xls)文件"},
		{"encrypted xlsx", encrypted, 0, "文件设置了打开密码"},
		{"zip of a text file", zipOf(map[string]string{"a.txt": "hello"}), 0, "文件不是 Excel 工作簿"},
		{"docx", zipOf(map[string]string{
			"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"_rels/.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
				`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
			"word/document.xml": `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`,
		}), 0, "文件不是 Excel 工作簿"},
		{"truncated xlsx", standard(t, good(0))[:300], 0, "文件不是 Excel 工作簿"},
		{"over 20MB by size", standard(t, good(0)), MaxFileSize + 1, "文件超过 20MB"},
		{"empty sheet", newBook(t).bytes(), 0, "工作表是空的"},
		{"blank cells only", newBook(t).rows(1, []any{" ", "\u3000"}).bytes(), 0, "工作表是空的"},
		{"no header", newBook(t).rows(1, []any{"名单"}, []any{"张三", "男"}).bytes(), 0,
			"前10行中没有找到表头。表头一行应包含以下列名:姓名、性别、民族、出生年月、党派、界别、专委会、工作单位及职务、手机号码、身份证号、是否常委,其中姓名、性别、界别、手机号码、身份证号为必填列"},
		{"header below row 10", newBook(t).rows(11, stdHeader, good(0)).bytes(), 0, "前10行中没有找到表头"},
		{"required column missing", newBook(t).rows(1, []any{"姓名", "性别", "手机号码", "身份证号"}).bytes(), 0,
			"第1行表头缺少必填列:界别"},
		{"column twice", newBook(t).rows(1, append(slices.Clone(stdHeader), "手机")).bytes(), 0,
			"第1行表头中“手机”(I、L)出现了不止一次"},
		{"merged cells below the header", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), with(1, cSector, nil))
			b.must(b.f.MergeCell(b.sheet, "F2", "F3"))
			return b.bytes()
		}(), 0, "表头以下有合并单元格(F2:F3),请取消合并"},
		{"formula", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), good(1))
			formula(b)
			return b.bytes()
		}(), 0, "单元格C3含有公式,请复制后选择性粘贴为数值"},
		{"formulas", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), good(1))
			formula(b)
			b.must(b.f.SetCellFormula(b.sheet, "K2", `IF(1,"是","否")`))
			return b.bytes()
		}(), 0, "单元格K2、C3等2个单元格含有公式"},
		{"hidden row", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), good(1), good(2))
			b.must(b.f.SetRowVisible(b.sheet, 3, false))
			return b.bytes()
		}(), 0, "第3行是隐藏行且有内容,请取消隐藏并核对后再上传"},
		{"hidden column", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), good(1), good(2))
			b.must(b.f.SetColVisible(b.sheet, "C", false))
			return b.bytes()
		}(), 0, "C列(民族)是隐藏列且有内容"},
		{"all at once", func() []byte {
			b := newBook(t).rows(1, stdHeader, good(0), good(1), good(2), good(3))
			b.must(b.f.SetRowVisible(b.sheet, 3, false))
			b.must(b.f.SetRowVisible(b.sheet, 5, false))
			b.must(b.f.MergeCell(b.sheet, "L2", "L3"))
			formula(b)
			return b.bytes()
		}(), 0, "表头以下有合并单元格(L2:L3),请取消合并并在每一行填写完整后再上传;单元格C3含有公式,请复制后选择性粘贴为数值;第3、5行是隐藏行且有内容"},
		{"valid, size unknown", standard(t, good(0)), -1, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			size := c.size
			if size == 0 {
				size = int64(len(c.data))
			}
			res, err := Parse(bytes.NewReader(c.data), size, testLists, nil, nil)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if res != nil {
				t.Errorf("got a result: %+v", res)
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.Invalid {
				t.Fatalf("err = %v, want an Invalid *errs.Error", err)
			}
			if len(e.Fields) == 0 || e.Fields[0].Field != "file" {
				t.Errorf("fields = %+v, want file", e.Fields)
			}
			if !strings.Contains(e.Message, c.want) {
				t.Errorf("message = %q, want …%q…", e.Message, c.want)
			}
		})
	}
}

// TestParseFileErrorsAllowed covers what looks like the refused shapes but
// is fine: a hidden empty row or column, a merged title, a formula in the
// title above the header.
func TestParseFileErrorsAllowed(t *testing.T) {
	b := newBook(t).rows(2, stdHeader, good(0), []any{}, good(1))
	b.must(b.f.SetCellFormula(b.sheet, "A1", `"示范市政协"&"委员名单"`))
	b.must(b.f.MergeCell(b.sheet, "A1", "K1"))
	b.must(b.f.SetRowVisible(b.sheet, 4, false))
	b.must(b.f.SetColVisible(b.sheet, "L:M", false))
	res, err := parse(b.bytes(), nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, nil)
	if len(res.Rows) != 2 || res.Rows[1].Line != 5 {
		t.Errorf("rows = %+v", res.Rows)
	}
}

func TestParseOversizedReader(t *testing.T) {
	// The size claimed is small but the body goes on: reading stops at the limit.
	r := io.LimitReader(zeros{}, MaxFileSize+10)
	_, err := Parse(r, 100, testLists, nil, nil)
	if !strings.Contains(errs.Message(err), "文件超过 20MB") {
		t.Fatalf("err = %v", err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }

// TestParse10k reads a 10,000-row roster: no problems, every row, and
// progress reported every 500 rows up to the total.
func TestParse10k(t *testing.T) {
	data := bigSheet(t, 10000)
	var calls [][2]int
	res, err := Parse(bytes.NewReader(data), int64(len(data)), testLists, knownMobiles{}, func(done, total int) {
		calls = append(calls, [2]int{done, total})
	})
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, nil)
	if len(res.Rows) != 10000 {
		t.Fatalf("got %d rows", len(res.Rows))
	}
	if r := res.Rows[9999]; r.Line != 10001 || !rowEqual(r, withLine(member(9999), 10001)) {
		t.Errorf("last row = %+v", r)
	}
	if len(calls) != 21 || calls[0] != [2]int{500, 10000} || calls[20] != [2]int{10000, 10000} {
		t.Errorf("progress calls = %v", calls)
	}
}

func withLine(r Row, line int) Row { r.Line = line; return r }

func TestParseNilProgressAndEmptyLists(t *testing.T) {
	row := with(0, cSector, "任意界别")
	row[cParty] = "任意党派"
	res, err := Parse(bytes.NewReader(standard(t, row)), -1, Lists{}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkProblems(t, res.Problems, nil)
	if res.Rows[0].Sector != "任意界别" {
		t.Errorf("sector = %q", res.Rows[0].Sector)
	}
}

// TestHeaderAliases reads a sheet per header alias, each in place of the
// standard name of its column.
func TestHeaderAliases(t *testing.T) {
	for alias, f := range headerAliases {
		t.Run(alias, func(t *testing.T) {
			header := slices.Clone(stdHeader)
			col := slices.Index(header, any(f.String()))
			if f == fEmployer || f == fTitle {
				col = cEmployer
			}
			header[col] = alias
			res, err := parse(newBook(t).rows(1, header, good(0)).bytes(), nil)
			if err != nil {
				t.Fatal(err)
			}
			checkProblems(t, res.Problems, nil)
			if !rowEqual(res.Rows[0], withLine(member(0), 2)) {
				t.Errorf("row = %+v", res.Rows[0])
			}
		})
	}
}
