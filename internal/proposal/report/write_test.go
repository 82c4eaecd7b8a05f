package report

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/proposal"
)

func writeXLSX(t testing.TB, r Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func openXLSX(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowOf returns the cells of the first row of sheet whose first cell is
// label, as shown (formatted) and raw.
func rowOf(t testing.TB, f *excelize.File, sheet, label string) (shown, raw []string) {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	raws, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if len(r) > 0 && r[0] == label {
			return r, raws[i]
		}
	}
	t.Fatalf("sheet %s has no row %q", sheet, label)
	return nil, nil
}

func TestWriteXLSX(t *testing.T) {
	r := Compute(everyState(), testOptions())
	f := openXLSX(t, writeXLSX(t, r))

	wantSheets := []string{SheetSummary, SheetCategories, SheetKinds, SheetReview, SheetClasses, SheetLevels, SheetUnits, SheetKey, SheetExcellent}
	if got := f.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets %v, want %v", got, wantSheets)
	}
	title, _ := f.GetCellValue(SheetSummary, "A1")
	if title != r.Title {
		t.Errorf("A1 = %q", title)
	}

	tests := []struct {
		sheet, label string
		shown, raw   []string
	}{
		{SheetSummary, "收到提案（件）", []string{"收到提案（件）", "15"}, nil},
		{SheetSummary, "立案（件）/立案率", []string{"立案（件）/立案率", "10", "66.7%"}, []string{"立案（件）/立案率", "10", "0.667"}},
		{SheetSummary, "转作社情民意信息（件）", []string{"转作社情民意信息（件）", "1", "6.7%"}, nil},
		{SheetSummary, "待审查（件）", []string{"待审查（件）", "2", "13.3%"}, nil},
		{SheetSummary, "承办单位（个）", []string{"承办单位（个）", "4"}, nil},
		{SheetSummary, "已办复（件）/办复率", []string{"已办复（件）/办复率", "4", "50.0%"}, []string{"已办复（件）/办复率", "4", "0.5"}},
		{SheetSummary, "A类答复（件）", []string{"A类答复（件）", "3", "60.0%"}, nil},
		{SheetSummary, "面谈或座谈会沟通（件）/面商率", []string{"面谈或座谈会沟通（件）/面商率", "2", "40.0%"}, nil},
		{SheetSummary, "满意（人次）", []string{"满意（人次）", "2", "50.0%"}, nil},
		{SheetSummary, "超期未答复（件）", []string{"超期未答复（件）", "1"}, nil},
		{SheetSummary, "重点提案（件）", []string{"重点提案（件）", "2"}, nil},
		{SheetCategories, "经济", []string{"经济", "13", "86.7%", "9", "90.0%"}, nil},
		{SheetCategories, "合计", []string{"合计", "15", "100.0%", "10", "100.0%"}, nil},
		{SheetKinds, "集体提案", []string{"集体提案", "2", "13.3%", "1", "50.0%"}, nil},
		{SheetKinds, "民革示范市委会", []string{"民革示范市委会", "1", "50.0%", "1", "100.0%"}, nil},
		{SheetKinds, "九三学社示范市委会", []string{"九三学社示范市委会", "1", "50.0%", "0", "0.0%"}, nil},
		{SheetReview, "立案", []string{"立案", "10", "66.7%"}, nil},
		{SheetReview, "没有具体建议", []string{"没有具体建议", "1", "100.0%"}, nil},
		{SheetClasses, proposal.ClassC.Name(), []string{proposal.ClassC.Name(), "1", "20.0%"}, nil},
		{SheetClasses, "座谈会", []string{"座谈会", "1", "20.0%"}, nil},
		{SheetLevels, "不满意", []string{"不满意", "1", "25.0%"}, nil},
		{SheetLevels, "合计", []string{"合计", "4", "100.0%"}, nil},
		// 承办单位 主办 协办 分办 应答复 已办复 办复率 A B C 满意 基本满意 不满意 超期未答复
		{SheetUnits, "示范市住房和城乡建设局", []string{"示范市住房和城乡建设局", "4", "0", "0", "4", "2", "50.0%", "1", "0", "1", "1", "0", "1", "1"}, nil},
		{SheetUnits, "示范市教育局", []string{"示范市教育局", "1", "1", "1", "2", "2", "100.0%", "2", "0", "0", "1", "1", "0", "0"}, nil},
		{SheetKey, "1", []string{"1", "第十一届第三次会议第0010号", "关于第10项工作的建议", "委员10", "示范市住房和城乡建设局",
			"王副市长", "张副主席", "2026年第3次主席会议", "已交办", "否"}, nil},
		{SheetExcellent, "1", []string{"1", "第十一届第三次会议第0015号", "关于第15项工作的建议", "民革示范市委会等", "社会"}, nil},
	}
	for _, tt := range tests {
		shown, raw := rowOf(t, f, tt.sheet, tt.label)
		if !slices.Equal(shown, tt.shown) {
			t.Errorf("%s %s: %q, want %q", tt.sheet, tt.label, shown, tt.shown)
		}
		if tt.raw != nil && !slices.Equal(raw, tt.raw) {
			t.Errorf("%s %s raw: %q, want %q", tt.sheet, tt.label, raw, tt.raw)
		}
	}
	head, _ := rowOf(t, f, SheetUnits, "承办单位")
	if want := []string{"承办单位", "主办", "协办", "分办", "应答复", "已办复", "办复率", "A类", "B类", "C类", "满意", "基本满意", "不满意", "超期未答复"}; !slices.Equal(head, want) {
		t.Errorf("unit header %q", head)
	}
	// The percentage cells are numbers formatted 0.0%.
	style, err := f.GetCellStyle(SheetSummary, "C8")
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if s.CustomNumFmt == nil || *s.CustomNumFmt != "0.0%" {
		t.Errorf("C8 number format %v", s.CustomNumFmt)
	}
	if typ, _ := f.GetCellType(SheetSummary, "C8"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("C8 type %v", typ)
	}
}

func TestWriteXLSXEmpty(t *testing.T) {
	f := openXLSX(t, writeXLSX(t, Compute(nil, testOptions())))
	shown, _ := rowOf(t, f, SheetSummary, "立案（件）/立案率")
	if want := []string{"立案（件）/立案率", "0", "—"}; !slices.Equal(shown, want) {
		t.Errorf("empty 立案率 row %q, want %q", shown, want)
	}
	shown, _ = rowOf(t, f, SheetLevels, "合计")
	if want := []string{"合计", "0", "—"}; !slices.Equal(shown, want) {
		t.Errorf("empty 满意度 total %q, want %q", shown, want)
	}
	rows, _ := f.GetRows(SheetUnits)
	if len(rows) != 1 {
		t.Errorf("empty unit sheet has %d rows", len(rows))
	}
}

func TestDeterministic(t *testing.T) {
	r := Compute(domainExample(), testOptions())
	if a, b := writeXLSX(t, r), writeXLSX(t, r); !bytes.Equal(a, b) {
		t.Error("two .xlsx of one report differ")
	}
	if a, b := writeDOCX(t, r), writeDOCX(t, r); !bytes.Equal(a, b) {
		t.Error("two .docx of one report differ")
	}
}

func writeDOCX(t testing.TB, r Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteDOCX(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// paragraphs returns the text (w:t) of each paragraph of a .docx body.
func paragraphs(t testing.TB, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	dec := xml.NewDecoder(rc)
	var out []string
	var cur strings.Builder
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			switch tok.Name.Local {
			case "p":
				cur.Reset()
			case "t":
				inText = true
			}
		case xml.EndElement:
			switch tok.Name.Local {
			case "p":
				out = append(out, cur.String())
			case "t":
				inText = false
			}
		case xml.CharData:
			if inText {
				cur.Write(tok)
			}
		}
	}
	return out
}

func TestWriteDOCX(t *testing.T) {
	r := Compute(domainExample(), testOptions())
	ps := paragraphs(t, writeDOCX(t, r))
	text := strings.Join(ps, "\n")
	for _, want := range []string{
		"关于市政协第十一届第三次会议以来提案工作情况的报告",
		"一、提案提交情况",
		"第十一届第三次会议以来，共收到提案118件。",
		"二、提案审查立案情况",
		"共收到提案118件，经审查立案64件，立案率54.2%；并案16件，转作意见建议21件，不予立案17件。",
		"不予立案的17件提案中，为本人或亲属解决个人问题的8件，没有具体建议的9件。对未予立案的提案，均已向提案者说明理由。",
		"三、提案办理情况",
		"立案的64件提案已全部交办，其中分办64件；共涉及承办单位35个，分办224件次。",
		"截至2026年6月30日，已办复64件，办复率100.0%；无超期未答复提案。",
		"在审核通过的224件答复中，A类219件，占97.8%；B类2件，占0.9%；C类3件，占1.3%。",
		"承办单位与提案者面谈或召开座谈会沟通的112件，面商率50.0%。",
		"提案者对办理结果作出评价224人次，其中满意214人次，占95.5%；基本满意10人次，占4.5%；不满意0人次，占0.0%。",
		"四、重点提案办理情况",
		"五、优秀提案和先进承办单位评选情况",
		"表1　提案者类型统计",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q", want)
		}
	}
	// A table's cells: the 合计 line of the class table.
	if i := slices.Index(ps, "答复类别"); i < 0 || !slices.Contains(ps[i:], "224") {
		t.Errorf("class table missing: %q", ps)
	}
}

func TestWriteDOCXEveryState(t *testing.T) {
	r := Compute(everyState(), testOptions())
	text := strings.Join(paragraphs(t, writeDOCX(t, r)), "\n")
	for _, want := range []string{
		"共收到提案15件，经审查立案10件，立案率66.7%；并案1件，转作社情民意信息1件，不予立案1件，尚有2件正在审查。",
		"立案的10件提案中，已交办8件，其中单办6件、分办1件、会办1件，尚有2件待交办；共涉及承办单位4个，主办7件次、协办1件次、分办2件次。",
		"截至2026年6月30日，已办复4件，办复率50.0%；超期未答复1件。经批准延期答复1次。",
		"对提案者不满意的2件提案，已要求承办单位重新办理。",
		"确定重点提案2件，由党政领导领衔督办、政协领导牵头督办，已办复1件。",
		"其中，《关于第10项工作的建议》由王副市长领衔督办；《关于第16项工作的建议》由李副市长领衔督办。",
		"评选优秀提案1件：《关于第15项工作的建议》（民革示范市委会等）。",
		"集体提案中，九三学社示范市委会1件、民革示范市委会1件。",
		"按类别分，经济类13件，占86.7%；社会类1件，占6.7%；未分类1件，占6.6%。",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("document lacks %q\n%s", want, text)
		}
	}
}

func TestWriteDOCXEmpty(t *testing.T) {
	text := strings.Join(paragraphs(t, writeDOCX(t, Compute(nil, testOptions()))), "\n")
	if !strings.Contains(text, "未收到提案") || strings.Contains(text, "NaN") {
		t.Errorf("empty document:\n%s", text)
	}
}

// benchProposals returns n proposals in a realistic mix of states.
func benchProposals(n int) []proposal.Proposal {
	states := []proposal.State{proposal.Closed, proposal.Closed, proposal.Closed, proposal.Evaluating, proposal.Handling,
		proposal.ReplyReview, proposal.Rehandling, proposal.Assigned, proposal.Accepted, proposal.Rejected, proposal.Merged,
		proposal.Transferred, proposal.Submitted, proposal.Draft, proposal.Withdrawn}
	cats := proposal.DefaultCategories
	ps := make([]proposal.Proposal, n)
	for i := range ps {
		p := newP(int64(i+1), states[i%len(states)])
		p.Category = cats[i%len(cats)]
		p.Kind = proposal.Kinds[i%3]
		if p.Kind == proposal.Collective {
			p.ProposerName = fmt.Sprintf("集体%d", i%12)
		}
		if p.Kind == proposal.Joint {
			p.CoSigners = []proposal.CoSigner{{UserID: int64(90000 + i), Status: proposal.Confirmed}}
		}
		p.RejectGround = proposal.Grounds[i%len(proposal.Grounds)]
		p.TransferTarget = proposal.TransferTargets[i%3]
		if assigned(p.State) {
			done := p.State == proposal.Closed || p.State == proposal.Evaluating
			us := proposal.UnitSigned
			if done {
				us = proposal.UnitDone
			}
			u1, u2 := int64(1+i%150), int64(1+(i+7)%150)
			assign(&p, proposal.JointMode, unit(u1, proposal.LeadUnit, us, i%11 == 0), unit(u2, proposal.CoUnit, proposal.UnitViewsSent, false))
			if done || p.State == proposal.Rehandling {
				p.Replies = []proposal.Reply{reply(u1, 1, proposal.Classes[i%3], proposal.Contacts[i%6], proposal.ReplyApproved)}
				p.Evaluations = []proposal.Evaluation{eval(p.ProposerUserID, 1, proposal.Levels[i%3])}
				p.Key = i%97 == 0
				p.Excellent = i%89 == 0
			}
		}
		ps[i] = p
	}
	return ps
}

func BenchmarkCompute(b *testing.B) {
	ps := benchProposals(10000)
	opts := testOptions()
	b.ReportAllocs()
	for b.Loop() {
		Compute(ps, opts)
	}
}

func BenchmarkWrite(b *testing.B) {
	r := Compute(benchProposals(10000), testOptions())
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteXLSX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
		if err := WriteDOCX(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func TestExcellentUnitsSentence(t *testing.T) {
	opts := testOptions()
	opts.ExcellentUnits = []string{"市教育局", "市财政局"}
	text := strings.Join(paragraphs(t, writeDOCX(t, Compute(domainExample(), opts))), "\n")
	if !strings.Contains(text, "评选先进承办单位2个：市教育局、市财政局。") {
		t.Errorf("no excellent units sentence in:\n%s", text)
	}
}
