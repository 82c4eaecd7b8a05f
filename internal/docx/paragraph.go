package docx

import (
	"bytes"
	"math"
	"strconv"
)

// Alignment is the horizontal alignment of a paragraph or table column.
type Alignment int

// Alignments. Justify, the zero value, is the body default: both edges flush,
// as Chinese text is set.
const (
	Justify Alignment = iota
	Left
	Center
	Right
)

func (a Alignment) jc() string {
	switch a {
	case Left:
		return "left"
	case Center:
		return "center"
	case Right:
		return "right"
	}
	return "both"
}

// Option changes how a Title, Heading or Paragraph is set.
type Option func(*props)

// Align sets the alignment. Centred and right-aligned text loses the first
// line indent unless FirstLineIndent is given too.
func Align(a Alignment) Option {
	return func(p *props) { p.align, p.alignSet = a, true }
}

// FirstLineIndent indents the first line by chars characters of the
// paragraph's font size (Word's 首行缩进 in 字符). Body text has 2.
func FirstLineIndent(chars int) Option {
	return func(p *props) { p.first, p.firstSet = max(chars, 0), true }
}

// NoIndent sets the first line flush, as for a salutation ("张宏伟委员：").
func NoIndent() Option { return FirstLineIndent(0) }

// RightIndent keeps the paragraph chars characters clear of the right margin,
// as a date line is set 右空四字.
func RightIndent(chars int) Option {
	return func(p *props) { p.right = max(chars, 0) }
}

// Bold sets the text bold.
func Bold() Option { return func(p *props) { p.bold = true } }

// Size sets the font size in points, to the nearest half point. Chinese sizes:
// 二号 22, 小二 18, 三号 16, 小三 15, 四号 14, 小四 12, 五号 10.5. Text too
// large for its fixed line (28 pt in the body, 35 pt in a title) gets a fixed
// line of 1.25 times its size instead, so that it is not clipped. A size
// that is not positive is ignored.
func Size(points float64) Option {
	return func(p *props) {
		if hp := int(math.Round(points * 2)); hp > 0 && hp <= 3276 {
			p.halfPoints = hp
		}
	}
}

// Font sets the font of Chinese characters, as FontHeading1 for a line in
// 黑体. Latin letters and digits keep FontLatin.
func Font(name string) Option { return func(p *props) { p.font = clean(name) } }

// KeepWithNext keeps the paragraph on the same page as the next one, as a
// signature with its date.
func KeepWithNext() Option { return func(p *props) { p.keepNext = true } }

// props are the paragraph properties the options set.
type props struct {
	style           string
	align           Alignment
	alignSet        bool
	first           int
	firstSet        bool
	right           int
	bold            bool
	halfPoints      int
	font            string
	keepNext        bool
	pageBreakBefore bool
}

func (p *props) apply(opts []Option) {
	for _, o := range opts {
		if o != nil {
			o(p)
		}
	}
}

// Paragraph style IDs, defined in styles.xml. Body paragraphs use Normal
// (the empty style).
const (
	styleTitle    = "Title"
	styleHeading1 = "Heading1"
	styleHeading2 = "Heading2"
	styleTable    = "TableText"
)

// Sizes in half points and fixed lines in twips, as styles.xml sets them.
const (
	sizeBody   = 32 // 三号
	sizeTitle  = 44 // 二号
	sizeTable  = 28 // 四号
	lineBody   = 560
	lineTitle  = 700
	indentBody = 2 // characters
)

// styleIndent is the first line indent, in characters, of a style.
func styleIndent(style string) int {
	if style == styleHeading1 || style == styleHeading2 {
		return indentBody
	}
	return 0
}

func styleSize(style string) int {
	switch style {
	case styleTitle:
		return sizeTitle
	case styleTable:
		return sizeTable
	}
	return sizeBody
}

// styleLine is the fixed line of a style in twips, 0 for a single line.
func styleLine(style string) int {
	switch style {
	case styleTitle:
		return lineTitle
	case styleTable:
		return 0
	}
	return lineBody
}

// writeParagraph writes one w:p holding clean text in a single run; with
// breaks, newlines in text become line breaks.
func writeParagraph(b *bytes.Buffer, p props, text string, breaks bool) {
	size := styleSize(p.style)
	if p.halfPoints > 0 {
		size = p.halfPoints
	}

	// The first line indent the paragraph should have, and the one its style
	// already gives it.
	want := styleIndent(p.style)
	if p.style == "" {
		want = indentBody
	}
	switch {
	case p.firstSet:
		want = p.first
	case p.alignSet && (p.align == Center || p.align == Right):
		want = 0
	}
	has := styleIndent(p.style)

	line := 0
	if base := styleLine(p.style); base > 0 && p.halfPoints > 0 && size*25/2 > base {
		line = size * 25 / 2
	}

	b.WriteString("<w:p>")
	var pPr bytes.Buffer
	if p.style != "" {
		pPr.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		pPr.WriteString("<w:keepNext/>")
	}
	if p.pageBreakBefore {
		pPr.WriteString("<w:pageBreakBefore/>")
	}
	if line > 0 {
		pPr.WriteString(`<w:spacing w:line="` + strconv.Itoa(line) + `" w:lineRule="exact"/>`)
	}
	if want != has || p.right > 0 {
		// Word reads the *Chars attributes; the twips beside them serve
		// readers that do not, computed for the paragraph's size.
		pPr.WriteString("<w:ind")
		if want != has {
			pPr.WriteString(` w:firstLineChars="` + strconv.Itoa(want*100) + `" w:firstLine="` + strconv.Itoa(want*size*10) + `"`)
		}
		if p.right > 0 {
			pPr.WriteString(` w:rightChars="` + strconv.Itoa(p.right*100) + `" w:right="` + strconv.Itoa(p.right*size*10) + `"`)
		}
		pPr.WriteString("/>")
	}
	if p.alignSet {
		pPr.WriteString(`<w:jc w:val="` + p.align.jc() + `"/>`)
	}
	if mark := runProps(p, false); mark != "" {
		pPr.WriteString("<w:rPr>" + mark + "</w:rPr>")
	}
	if pPr.Len() > 0 {
		b.WriteString("<w:pPr>")
		b.Write(pPr.Bytes())
		b.WriteString("</w:pPr>")
	}
	if text != "" {
		b.WriteString("<w:r><w:rPr>" + runProps(p, true) + "</w:rPr>")
		writeRunText(b, text, breaks)
		b.WriteString("</w:r>")
	}
	b.WriteString("</w:p>")
}

// runProps returns the run properties p sets, in schema order, or "". With
// hint, w:rFonts asks for characters Chinese and Latin text share (“”‘’…—·)
// to be set in the Chinese font, as Chinese text expects.
func runProps(p props, hint bool) string {
	var b bytes.Buffer
	if hint || p.font != "" {
		b.WriteString("<w:rFonts")
		if hint {
			b.WriteString(` w:hint="eastAsia"`)
		}
		if p.font != "" {
			b.WriteString(` w:eastAsia="`)
			escape(&b, p.font)
			b.WriteString(`"`)
		}
		b.WriteString("/>")
	}
	if p.bold {
		b.WriteString("<w:b/><w:bCs/>")
	}
	if p.halfPoints > 0 {
		hp := strconv.Itoa(p.halfPoints)
		b.WriteString(`<w:sz w:val="` + hp + `"/><w:szCs w:val="` + hp + `"/>`)
	}
	return b.String()
}
