package roster

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/idcard"
)

// testLists has more sectors than maxListed (so unknown ones get a
// suggestion) and fewer parties and special committees (so they are listed).
var testLists = Lists{
	Parties: DefaultParties,
	Sectors: []string{"中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派",
		"共青团", "工会", "妇联", "工商联", "科协", "侨联", "文艺", "科技", "社科", "经济", "农业", "教育",
		"体育", "新闻出版", "医卫", "社会福利和社会保障", "少数民族", "宗教", "特邀"},
	SpecialCommittees: []string{"提案委员会", "经济委员会", "农业和农村委员会", "人口资源环境委员会", "教科卫体委员会",
		"社会法制和民族宗教委员会", "港澳台侨和外事委员会", "文化文史和学习委员会"},
}

// stdHeader is the header of an exported roster.
var stdHeader = []any{"姓名", "性别", "民族", "出生年月", "党派", "界别", "专委会", "工作单位及职务", "手机号码", "身份证号", "是否常委"}

// member returns the i-th fictional member: valid, unique ID and mobile.
func member(i int) Row {
	male := i%2 == 0
	birth := time.Date(1950+i%40, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	region := strconv.Itoa(110101 + i/500%400)
	gender := "女"
	if male {
		gender = "男"
	}
	return Row{
		Name:              "委员" + strconv.Itoa(i),
		Gender:            gender,
		Ethnicity:         "汉族",
		BirthYear:         birth.Year(),
		BirthMonth:        int(birth.Month()),
		Party:             DefaultParties[i%len(DefaultParties)],
		Sector:            testLists.Sectors[i%len(testLists.Sectors)],
		SpecialCommittees: []string{testLists.SpecialCommittees[i%len(testLists.SpecialCommittees)]},
		EmployerTitle:     "示范市第" + strconv.Itoa(i%50+1) + "中学校长",
		Mobile:            fmt.Sprintf("139%08d", i),
		IDNumber:          idcard.Make(region, birth, male, i%500),
		Standing:          i%7 == 0,
	}
}

// cellsOf returns r as the cells of a stdHeader row.
func cellsOf(r Row) []any {
	v := exportValues(r, false)
	out := make([]any, len(v))
	for i, s := range v {
		out[i] = s
	}
	return out
}

// book is a workbook under construction in a test.
type book struct {
	t     testing.TB
	f     *excelize.File
	sheet string
}

func newBook(t testing.TB) *book {
	return &book{t: t, f: excelize.NewFile(), sheet: "Sheet1"}
}

// rows writes rows from sheet row first on.
func (b *book) rows(first int, rows ...[]any) *book {
	for i, r := range rows {
		if err := b.f.SetSheetRow(b.sheet, "A"+strconv.Itoa(first+i), &r); err != nil {
			b.t.Fatal(err)
		}
	}
	return b
}

func (b *book) set(cell string, v any) *book {
	if err := b.f.SetCellValue(b.sheet, cell, v); err != nil {
		b.t.Fatal(err)
	}
	return b
}

func (b *book) must(err error) *book {
	if err != nil {
		b.t.Fatal(err)
	}
	return b
}

func (b *book) bytes() []byte {
	var buf bytes.Buffer
	if _, err := b.f.WriteTo(&buf); err != nil {
		b.t.Fatal(err)
	}
	b.f.Close()
	return buf.Bytes()
}

// standard returns a workbook with stdHeader in row 1 and rows below.
func standard(t testing.TB, rows ...[]any) []byte {
	return newBook(t).rows(1, append([][]any{stdHeader}, rows...)...).bytes()
}

// parse runs Parse on data with testLists.
func parse(data []byte, known Known) (*Result, error) {
	return Parse(bytes.NewReader(data), int64(len(data)), testLists, known, nil)
}

// knownMobiles is a Known backed by a map of mobile to ID number.
type knownMobiles map[string]string

func (k knownMobiles) MobileOwner(m string) (string, bool) { id, ok := k[m]; return id, ok }

// bigSheet returns a valid roster of n members built with the stream
// writer, as large rosters are.
func bigSheet(t testing.TB, n int) []byte {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if err := sw.SetRow("A1", stdHeader); err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := sw.SetRow("A"+strconv.Itoa(i+2), cellsOf(member(i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
