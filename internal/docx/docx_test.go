package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

var outDir = flag.String("docx.out", "", "write the sample documents to this folder, to open them in Word")

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

var created = time.Date(2025, 3, 14, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// replyLetter builds the reply to a proposal as the office would.
func replyLetter() *Document {
	d := New(A4)
	d.SetProperties(Properties{Creator: "示范市住房和城乡建设局", Created: created})
	d.Title("关于市政协十一届三次会议第0123号提案的答复")
	d.Paragraph("张宏伟委员：", NoIndent())
	d.Paragraph("您提出的《关于加快老旧小区加装电梯的建议》收悉。现答复如下：\n" +
		"一是加强统筹。2024年全市完成加装电梯312部，惠及居民1.2万户。\n" +
		"二是简化审批。推行“一窗受理”，办理时限压减至15个工作日。")
	d.Paragraph("感谢您对住房和城乡建设工作的关心和支持。")
	d.Paragraph("")
	d.Paragraph("示范市住房和城乡建设局", Align(Right), RightIndent(4), KeepWithNext())
	d.Paragraph("2025年3月14日", Align(Right), RightIndent(4))
	d.Paragraph("")
	d.Paragraph("联系人：李明　　联系电话：0571-12345678")
	return d
}

var replyText = []string{
	"关于市政协十一届三次会议第0123号提案的答复",
	"张宏伟委员：",
	"您提出的《关于加快老旧小区加装电梯的建议》收悉。现答复如下：",
	"一是加强统筹。2024年全市完成加装电梯312部，惠及居民1.2万户。",
	"二是简化审批。推行“一窗受理”，办理时限压减至15个工作日。",
	"感谢您对住房和城乡建设工作的关心和支持。",
	"",
	"示范市住房和城乡建设局",
	"2025年3月14日",
	"",
	"联系人：李明　　联系电话：0571-12345678",
}

// report builds a yearly statistics report of sections, each on its own
// page: a level 1 heading, paragraphs, a level 2 heading and a table.
func report(sections int) *Document {
	d := New(A4)
	d.SetProperties(Properties{Title: "2024年度提案工作统计报告", Created: created})
	d.Title("示范市政协2024年度\n提案工作统计报告")
	cats := []string{"经济建设", "社会事业", "城乡建设", "生态环境", "政治建设", "文化建设", "其他"}
	for s := range sections {
		if s > 0 {
			d.PageBreak()
		}
		d.Heading(1, "一、总体情况")
		d.Paragraph(strings.Repeat("本年度共收到提案612件，经审查立案548件，立案率89.5%。", 4))
		d.Paragraph(strings.Repeat("截至12月底，已办复548件，办复率100%，委员满意和基本满意率98.2%。", 3))
		d.Heading(2, "（一）按类别统计")
		rows := make([][]string, len(cats))
		for i, c := range cats {
			rows[i] = []string{c, "78", "14.2%"}
		}
		d.Table([]string{"类别", "件数", "占比"}, rows, []int{2, 1, 1}, ColumnAlign(Left))
		d.Paragraph("注：占比按立案数计算。", NoIndent(), Size(12))
	}
	return d
}

func write(t testing.TB, d *Document) []byte {
	t.Helper()
	var buf bytes.Buffer
	n, err := d.WriteTo(&buf)
	if err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteTo returned %d, wrote %d bytes", n, buf.Len())
	}
	if *outDir != "" {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".docx"
		if err := os.WriteFile(filepath.Join(*outDir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}

// unzip returns the parts of a package by name, checking that each is
// well-formed XML, and the names in order.
func unzip(t testing.TB, data []byte) (map[string][]byte, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("zip: %v", err)
	}
	parts := map[string][]byte{}
	var names []string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		if _, dup := parts[f.Name]; dup {
			t.Fatalf("part %s twice", f.Name)
		}
		if err := wellFormed(b); err != nil {
			t.Fatalf("%s is not well-formed: %v\n%s", f.Name, err, b)
		}
		parts[f.Name] = b
		names = append(names, f.Name)
	}
	return parts, names
}

// wellFormed decodes b to the end, as a strict XML 1.0 parser would.
func wellFormed(b []byte) error {
	if !utf8.Valid(b) {
		return errors.New("not UTF-8")
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	roots := 0
	depth := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return errors.New("not exactly one root element")
	}
	return nil
}

// paragraphs returns the text of each w:p in document order: its w:t
// content, with "\t" for w:tab and "\n" for a line break.
func paragraphs(t testing.TB, doc []byte) []string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(doc))
	var out []string
	var cur strings.Builder
	inT := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Space != wNS {
				continue
			}
			switch tok.Name.Local {
			case "p":
				cur.Reset()
			case "t":
				inT = true
			case "tab":
				cur.WriteByte('\t')
			case "br":
				if len(tok.Attr) == 0 {
					cur.WriteByte('\n')
				}
			}
		case xml.EndElement:
			switch {
			case tok.Name.Space == wNS && tok.Name.Local == "p":
				out = append(out, cur.String())
			case tok.Name.Space == wNS && tok.Name.Local == "t":
				inT = false
			}
		case xml.CharData:
			if inT {
				cur.Write(tok)
			}
		}
	}
}

func docText(t testing.TB, d *Document) []string {
	t.Helper()
	parts, _ := unzip(t, write(t, d))
	return paragraphs(t, parts["word/document.xml"])
}

func TestPackage(t *testing.T) {
	for name, pageNumbers := range map[string]bool{"page numbers": true, "none": false} {
		t.Run(name, func(t *testing.T) {
			d := replyLetter()
			d.SetPageNumbers(pageNumbers)
			parts, names := unzip(t, write(t, d))
			want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/_rels/document.xml.rels",
				"word/document.xml", "word/styles.xml", "word/settings.xml", "word/fontTable.xml"}
			if pageNumbers {
				want = append(want, "word/footer1.xml")
			}
			if !slices.Equal(names, want) {
				t.Fatalf("parts %q, want %q", names, want)
			}

			// Every part has a content type, and every relationship points
			// at a part.
			var types struct {
				Defaults []struct {
					Extension string `xml:",attr"`
				} `xml:"Default"`
				Overrides []struct {
					PartName string `xml:",attr"`
				} `xml:"Override"`
			}
			if err := xml.Unmarshal(parts["[Content_Types].xml"], &types); err != nil {
				t.Fatal(err)
			}
			typed := map[string]bool{}
			for _, o := range types.Overrides {
				typed[strings.TrimPrefix(o.PartName, "/")] = true
				if _, ok := parts[strings.TrimPrefix(o.PartName, "/")]; !ok {
					t.Errorf("content type for missing part %s", o.PartName)
				}
			}
			for _, df := range types.Defaults {
				for n := range parts {
					if strings.HasSuffix(n, "."+df.Extension) && df.Extension == "rels" {
						typed[n] = true
					}
				}
			}
			for _, n := range names {
				if n != "[Content_Types].xml" && !typed[n] {
					t.Errorf("no content type for %s", n)
				}
			}
			for _, rels := range []string{"_rels/.rels", "word/_rels/document.xml.rels"} {
				var r struct {
					Rel []struct {
						ID     string `xml:"Id,attr"`
						Target string `xml:",attr"`
					} `xml:"Relationship"`
				}
				if err := xml.Unmarshal(parts[rels], &r); err != nil {
					t.Fatal(err)
				}
				base := path.Dir(path.Dir(rels))
				for _, rel := range r.Rel {
					if _, ok := parts[path.Join(base, rel.Target)]; !ok {
						t.Errorf("%s: %s targets missing %s", rels, rel.ID, rel.Target)
					}
				}
			}
			doc := string(parts["word/document.xml"])
			if got := strings.Contains(doc, "footerReference"); got != pageNumbers {
				t.Errorf("footerReference present = %v, want %v", got, pageNumbers)
			}
			for _, s := range []string{`<w:pgSz w:w="11906" w:h="16838"/>`,
				`<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"`} {
				if !strings.Contains(doc, s) {
					t.Errorf("document.xml lacks %s", s)
				}
			}
			styles := string(parts["word/styles.xml"])
			for _, s := range []string{`w:styleId="Normal"`, `w:styleId="Title"`, `w:styleId="Heading1"`, `w:styleId="Heading2"`,
				`w:eastAsia="仿宋_GB2312"`, `w:eastAsia="方正小标宋简体"`, `w:line="560" w:lineRule="exact"`} {
				if !strings.Contains(styles, s) {
					t.Errorf("styles.xml lacks %s", s)
				}
			}
		})
	}
}

func TestReplyLetterText(t *testing.T) {
	got := docText(t, replyLetter())
	if !slices.Equal(got, replyText) {
		t.Errorf("text\n%q\nwant\n%q", got, replyText)
	}
}

func TestCoreProperties(t *testing.T) {
	d := replyLetter()
	data := write(t, d)
	parts, _ := unzip(t, data)
	var core struct {
		Title    string `xml:"title"`
		Creator  string `xml:"creator"`
		Created  string `xml:"created"`
		Modified string `xml:"modified"`
	}
	if err := xml.Unmarshal(parts["docProps/core.xml"], &core); err != nil {
		t.Fatal(err)
	}
	if core.Title != replyText[0] || core.Creator != "示范市住房和城乡建设局" ||
		core.Created != "2025-03-14T01:30:00Z" || core.Modified != core.Created {
		t.Errorf("core properties %+v", core)
	}

	zr, _ := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	for _, f := range zr.File {
		if !f.Modified.Equal(created) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, created)
		}
	}

	// Without a date, no date is written, and the title of a multi-line
	// Title block is joined.
	r := New(A4)
	r.Title("示范市政协\n工作报告")
	parts, _ = unzip(t, write(t, r))
	core.Created = ""
	if err := xml.Unmarshal(parts["docProps/core.xml"], &core); err != nil {
		t.Fatal(err)
	}
	if core.Title != "示范市政协工作报告" || core.Created != "" {
		t.Errorf("core properties %+v", core)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := write(t, report(3)), write(t, report(3))
	if !bytes.Equal(a, b) {
		t.Fatal("two identical documents differ")
	}
	d := report(3)
	if !bytes.Equal(write(t, d), write(t, d)) {
		t.Fatal("writing a document twice gives different bytes")
	}
	n := New(A4)
	n.Paragraph("无日期")
	if !bytes.Equal(write(t, n), write(t, n)) {
		t.Fatal("writing an undated document twice gives different bytes")
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // paragraphs from Paragraph(in)
	}{
		{"chinese", "政协委员履职尽责", []string{"政协委员履职尽责"}},
		{"markup", `a & b < c > d "e" 'f' ]]> <w:t>`, []string{`a & b < c > d "e" 'f' ]]> <w:t>`}},
		{"entities stay text", "&amp; &#x1; &lt;", []string{"&amp; &#x1; &lt;"}},
		{"spaces kept", "  two leading, two trailing  ", []string{"  two leading, two trailing  "}},
		{"tabs", "a\tb\t", []string{"a\tb\t"}},
		{"newlines split", "one\ntwo\r\nthree\rfour", []string{"one", "two", "three", "four"}},
		{"blank line", "a\n\nb", []string{"a", "", "b"}},
		{"empty", "", []string{""}},
		{"controls dropped", "a\x00b\x01c\x08d\x0be\x0cf\x1bg\x7fh\u0085i\u009fj", []string{"abcdefghij"}},
		{"nonchars dropped", "a\ufffeb\uffffc", []string{"abc"}},
		{"bad utf-8", "a\xffb\xed\xa0\x80c", []string{"a\ufffdb\ufffd\ufffd\ufffdc"}},
		{"astral and bom", "𠮷\ufeff😀", []string{"𠮷\ufeff😀"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(A4)
			d.Paragraph(tt.in)
			if got := docText(t, d); !slices.Equal(got, tt.want) {
				t.Errorf("Paragraph(%q) gives %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLineBreaks(t *testing.T) {
	d := New(A4)
	d.Title("第一行\n第二行")
	d.Heading(1, "一、\r\n总体情况")
	d.Table([]string{"a\nb"}, [][]string{{"c\r\nd"}}, nil)
	want := []string{"第一行\n第二行", "一、\n总体情况", "a\nb", "c\nd"}
	if got := docText(t, d); !slices.Equal(got, want) {
		t.Errorf("text %q, want %q", got, want)
	}
}

func TestTable(t *testing.T) {
	d := New(A4)
	d.Table([]string{"类别", "件数", "占比"},
		[][]string{{"经济建设", "120", "21.9%"}, {"社会事业 & <民生>"}, {"其他", "5", "0.9%"}},
		[]int{2, 1, 1}, ColumnAlign(Left, Right))
	d.Table(nil, [][]string{{"x"}}, []int{1000}, ExactWidths())
	parts, _ := unzip(t, write(t, d))
	doc := string(parts["word/document.xml"])
	want := []string{"类别", "件数", "占比", "经济建设", "120", "21.9%", "社会事业 & <民生>", "", "", "其他", "5", "0.9%", "", "x"}
	if got := paragraphs(t, parts["word/document.xml"]); !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
	for _, s := range []string{
		`<w:gridCol w:w="4423"/><w:gridCol w:w="2211"/><w:gridCol w:w="2211"/>`, // 8845 twips in 2:1:1
		`<w:tblW w:w="8845" w:type="dxa"/>`,
		`<w:gridCol w:w="1000"/></w:tblGrid>`,
		`<w:tblHeader/>`,
		`<w:insideV w:val="single"`,
		`<w:jc w:val="center"/><w:rPr><w:b/><w:bCs/></w:rPr></w:pPr>`, // header cell
		`<w:jc w:val="left"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">经济建设`,
		`<w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">120`,
		`</w:tbl><w:p/><w:tbl>`, // adjacent tables kept apart
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("document.xml lacks %s", s)
		}
	}
	if c := strings.Count(doc, "<w:tblHeader/>"); c != 1 {
		t.Errorf("%d header rows, want 1", c)
	}
}

func TestColumnWidths(t *testing.T) {
	tests := []struct {
		name   string
		widths []int
		n      int
		exact  bool
		want   []int
		err    bool
	}{
		{"equal", nil, 3, false, []int{3, 3, 3}, false},
		{"equal remainder", nil, 4, false, []int{3, 2, 2, 2}, false},
		{"proportional", []int{3, 1, 1}, 3, false, []int{5, 2, 2}, false}, // 5.4, 1.8, 1.8
		{"twips that fill", []int{4, 5}, 2, false, []int{4, 5}, false},
		{"exact", []int{100, 200}, 2, true, []int{100, 200}, false},
		{"exact nil is equal", nil, 2, true, []int{5, 4}, false},
		{"too few", []int{1}, 2, false, nil, true},
		{"too many", []int{1, 2, 3}, 2, false, nil, true},
		{"zero", []int{0, 1}, 2, false, nil, true},
		{"negative", []int{-1, 1}, 2, true, nil, true},
		{"huge", []int{1 << 40, 1}, 2, false, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := columnWidths(tt.widths, tt.n, 9, tt.exact)
			if (err != nil) != tt.err || !slices.Equal(got, tt.want) {
				t.Errorf("columnWidths(%v, %d, 9, %v) = %v, %v; want %v, error %v", tt.widths, tt.n, tt.exact, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestParagraphOptions(t *testing.T) {
	tests := []struct {
		name    string
		opts    []Option
		want    []string
		notWant []string
	}{
		{"body default", nil, []string{`<w:ind w:firstLineChars="200" w:firstLine="640"/>`}, []string{"<w:jc", "<w:spacing"}},
		{"no indent", []Option{NoIndent()}, nil, []string{"<w:ind", "<w:pPr>"}},
		{"centred", []Option{Align(Center)}, []string{`<w:jc w:val="center"/>`}, []string{"<w:ind"}},
		{"right, indented from the right", []Option{Align(Right), RightIndent(4)},
			[]string{`<w:ind w:rightChars="400" w:right="1280"/><w:jc w:val="right"/>`}, []string{"firstLine"}},
		{"centred but indented", []Option{Align(Center), FirstLineIndent(2)}, []string{`w:firstLineChars="200"`}, nil},
		{"left", []Option{Align(Left)}, []string{`<w:jc w:val="left"/>`, `w:firstLineChars="200"`}, nil},
		{"bold", []Option{Bold()}, []string{`<w:rPr><w:b/><w:bCs/></w:rPr></w:pPr>`, `<w:rFonts w:hint="eastAsia"/><w:b/><w:bCs/>`}, nil},
		{"small", []Option{Size(12)}, []string{`<w:sz w:val="24"/><w:szCs w:val="24"/>`, `w:firstLine="480"`}, []string{"<w:spacing"}},
		{"five", []Option{Size(10.5)}, []string{`<w:sz w:val="21"/>`}, nil},
		{"large gets a taller line", []Option{Size(30)}, []string{`<w:spacing w:line="750" w:lineRule="exact"/>`}, nil},
		{"non-positive size ignored", []Option{Size(0), Size(-3)}, nil, []string{"<w:sz"}},
		{"font", []Option{Font(`黑体"&`)}, []string{`<w:rFonts w:hint="eastAsia" w:eastAsia="黑体&quot;&amp;"/>`}, nil},
		{"keep with next", []Option{KeepWithNext()}, []string{`<w:pPr><w:keepNext/>`}, nil},
		{"nil option", []Option{nil}, []string{`w:firstLineChars="200"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(A4)
			d.Paragraph("正文", tt.opts...)
			parts, _ := unzip(t, write(t, d))
			doc := string(parts["word/document.xml"])
			for _, s := range tt.want {
				if !strings.Contains(doc, s) {
					t.Errorf("lacks %s in\n%s", s, doc)
				}
			}
			for _, s := range tt.notWant {
				if strings.Contains(doc, s) {
					t.Errorf("has %s in\n%s", s, doc)
				}
			}
		})
	}
}

func TestHeadingOptions(t *testing.T) {
	d := New(A4)
	d.Heading(1, "一、居中", Align(Center))
	d.Heading(2, "（一）顶格", NoIndent())
	d.Heading(2, "（二）默认")
	d.Title("标题", Size(26))
	doc := string(mustPart(t, d, "word/document.xml"))
	for _, s := range []string{
		`<w:pStyle w:val="Heading1"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/>`,
		`<w:pStyle w:val="Heading2"/><w:ind w:firstLineChars="0" w:firstLine="0"/></w:pPr>`,
		`<w:pPr><w:pStyle w:val="Heading2"/></w:pPr>`,
		`<w:pStyle w:val="Title"/><w:rPr><w:sz w:val="52"/>`, // 26 pt fits the title's 35 pt line
	} {
		if !strings.Contains(doc, s) {
			t.Errorf("lacks %s in\n%s", s, doc)
		}
	}
}

func mustPart(t testing.TB, d *Document, name string) []byte {
	t.Helper()
	parts, _ := unzip(t, write(t, d))
	return parts[name]
}

func TestPageBreak(t *testing.T) {
	d := New(A4)
	d.Paragraph("第一页")
	d.PageBreak()
	d.PageBreak()
	d.Heading(1, "第二页")
	d.PageBreak()
	d.Table(nil, [][]string{{"第三页"}}, nil)
	d.PageBreak()
	doc := string(mustPart(t, d, "word/document.xml"))
	if c := strings.Count(doc, "<w:pageBreakBefore/>"); c != 1 {
		t.Errorf("%d pageBreakBefore, want 1", c)
	}
	if !strings.Contains(doc, `<w:pStyle w:val="Heading1"/><w:pageBreakBefore/>`) {
		t.Error("the heading does not start a page")
	}
	if c := strings.Count(doc, `<w:br w:type="page"/>`); c != 1 || !strings.Contains(doc, `<w:br w:type="page"/></w:r></w:p><w:tbl>`) {
		t.Errorf("%d page break runs, want 1 before the table", c)
	}
	if want := []string{"第一页", "第二页", "", "第三页"}; !slices.Equal(paragraphs(t, []byte(doc)), want) {
		t.Errorf("text %q, want %q", paragraphs(t, []byte(doc)), want)
	}
}

func TestMisuse(t *testing.T) {
	tests := []struct {
		name  string
		build func(d *Document)
	}{
		{"heading level 0", func(d *Document) { d.Heading(0, "x") }},
		{"heading level 3", func(d *Document) { d.Heading(3, "x") }},
		{"widths too few", func(d *Document) { d.Table([]string{"a", "b"}, nil, []int{1}) }},
		{"width zero", func(d *Document) { d.Table(nil, [][]string{{"a", "b"}}, []int{1, 0}) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(A4)
			d.Paragraph("before")
			tt.build(d)
			d.Paragraph("after")
			if d.Err() == nil {
				t.Fatal("Err() = nil")
			}
			var buf bytes.Buffer
			if n, err := d.WriteTo(&buf); err == nil || n != 0 || buf.Len() != 0 {
				t.Errorf("WriteTo = %d, %v and %d bytes; want 0 and an error", n, err, buf.Len())
			}
		})
	}
	bad := A4
	bad.Left, bad.Right = bad.Width/2, bad.Width/2
	if New(bad).Err() == nil {
		t.Error("a page with no room for text is accepted")
	}
	d := New(A4)
	d.Table(nil, nil, nil)
	d.Table([]string{}, [][]string{{}, {}}, []int{1, 2})
	if d.Err() != nil || len(docText(t, d)) != 0 {
		t.Errorf("an empty table: Err() = %v, text %q", d.Err(), docText(t, d))
	}
}

type failWriter struct{ after int }

func (f *failWriter) Write(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("disk full")
	}
	n := min(len(p), f.after)
	f.after -= n
	return n, errors.New("disk full")
}

func TestWriteError(t *testing.T) {
	for _, after := range []int{0, 10, 1000} {
		if _, err := report(2).WriteTo(&failWriter{after: after}); err == nil {
			t.Errorf("no error from a writer failing after %d bytes", after)
		}
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"":                     "",
		"plain 中文":             "plain 中文",
		"a\r\n\r\nb":           "a\n\nb",
		"\r\r":                 "\n\n",
		"\n\r":                 "\n\n",
		"x\x00\x1f\x7f\u0080y": "xy",
		"\xc0\xafz":            "\ufffd\ufffdz",
		"\ufffd":               "\ufffd",
	}
	for in, want := range tests {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
		if got := isClean(in); got != (in == want) {
			t.Errorf("isClean(%q) = %v", in, got)
		}
	}
}

// expectText is what Paragraph(s) should show for valid UTF-8 s: a separate
// reading of the rules in the package comment.
func expectText(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if (unicode.IsControl(r) && r != '\t' && r != '\n') || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s)
	return strings.Split(s, "\n")
}

func FuzzParagraph(f *testing.F) {
	for _, s := range []string{"", "张宏伟委员：", "a & b < c > \"d\"", "\x00\x01\x1f\x7f", "]]>", "a\r\nb\rc\n",
		"\t \t", "\xff\xfe", "\ufffe\uffff", "&amp;", "𠮷😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := New(A4)
		d.SetProperties(Properties{Title: s, Subject: s, Creator: s, Created: created})
		d.Title(s)
		d.Heading(1, s)
		d.Heading(2, s, Font(s))
		d.Paragraph(s, Font(s), Bold())
		d.Table([]string{s, s}, [][]string{{s}}, nil)
		parts, _ := unzip(t, write(t, d)) // every part well-formed
		got := paragraphs(t, parts["word/document.xml"])
		if utf8.ValidString(s) {
			lines := expectText(s)
			joined := strings.Join(lines, "\n")
			want := append([]string{joined, joined, joined}, lines...)
			want = append(want, joined, joined, joined, "")
			if !slices.Equal(got, want) {
				t.Fatalf("Paragraph(%q) gives %q, want %q", s, got, want)
			}
		}
	})
}

// TestConvert has LibreOffice or pandoc, when installed, read the documents
// back as plain text.
func TestConvert(t *testing.T) {
	var convert func(in, dir string) ([]byte, error)
	if p, err := exec.LookPath("pandoc"); err == nil {
		convert = func(in, _ string) ([]byte, error) {
			return exec.Command(p, "-f", "docx", "-t", "plain", "--wrap=none", in).Output()
		}
	} else if p, err := firstPath("soffice", "libreoffice"); err == nil {
		convert = func(in, dir string) ([]byte, error) {
			cmd := exec.Command(p, "--headless", "-env:UserInstallation=file://"+filepath.ToSlash(filepath.Join(dir, "profile")),
				"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
			if out, err := cmd.CombinedOutput(); err != nil {
				return out, err
			}
			return os.ReadFile(strings.TrimSuffix(in, ".docx") + ".txt")
		}
	} else {
		t.Skip("neither pandoc nor LibreOffice is installed")
	}
	for name, d := range map[string]*Document{"reply": replyLetter(), "report": report(2)} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, name+".docx")
			if err := os.WriteFile(in, write(t, d), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := convert(in, dir)
			if err != nil {
				t.Fatalf("convert: %v\n%s", err, out)
			}
			text := string(out)
			want := replyText[1:]
			if name == "report" {
				want = []string{"一、总体情况", "（一）按类别统计", "经济建设", "14.2%", "注：占比按立案数计算。"}
			}
			for _, s := range want {
				if !strings.Contains(text, s) {
					t.Errorf("converted text lacks %q:\n%s", s, text)
				}
			}
		})
	}
}

func firstPath(names ...string) (string, error) {
	var err error
	for _, n := range names {
		var p string
		if p, err = exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", err
}

// BenchmarkReport writes a report of 20 pages, one section a page.
func BenchmarkReport(b *testing.B) {
	var size int64
	for b.Loop() {
		n, err := report(20).WriteTo(io.Discard)
		if err != nil {
			b.Fatal(err)
		}
		size = n
	}
	b.ReportMetric(float64(size), "bytes/doc")
}
