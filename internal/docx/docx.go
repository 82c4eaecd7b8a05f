// Package docx writes Word documents (.docx, Office Open XML
// WordprocessingML) laid out as Chinese official documents (GB/T 9704): the
// reply letter to a proposal and the yearly statistics report. It uses the
// standard library only.
//
// A Document is built by appending blocks in reading order — Title, Heading,
// Paragraph, Table, PageBreak — and written with WriteTo. The output depends
// only on what was appended and on the Properties, never on the clock, so
// identical input gives byte-identical files.
//
// Any string is accepted as text. Control characters other than tab and
// newline, and characters XML 1.0 forbids, are dropped; invalid UTF-8 becomes
// U+FFFD; "\r\n" and a lone "\r" count as "\n"; a tab becomes a Word tab.
// What a newline means depends on the block: Paragraph starts a new paragraph
// at each one, while Title, Heading and table cells break the line inside the
// same paragraph.
//
// Misuse (a heading level other than 1 or 2, widths that do not match the
// table's columns, a page with no room for text) does not panic: the first
// one is kept, reported by Err, and makes WriteTo write nothing.
package docx

import (
	"bytes"
	"fmt"
	"math"
	"time"
)

// Fonts the styles use, by their Chinese names as Word knows them. Each has
// alternates in the font table (仿宋_GB2312 falls back to 仿宋 or FangSong,
// 方正小标宋简体 to 宋体 or SimSun, 楷体_GB2312 to 楷体 or KaiTi), which Word
// tries when the primary font is not installed. Latin letters and digits use
// FontLatin.
const (
	FontTitle    = "方正小标宋简体"
	FontBody     = "仿宋_GB2312"
	FontHeading1 = "黑体"
	FontHeading2 = "楷体_GB2312"
	FontSong     = "宋体"
	FontLatin    = "Times New Roman"
)

// Page is the page geometry: size, margins, and the distances of header and
// footer from the page edge, all in twips (1/1440 inch; see MM).
type Page struct {
	Width, Height            int
	Top, Bottom, Left, Right int
	Header, Footer           int
}

// A4 is an A4 portrait page with the margins of GB/T 9704 official
// documents: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm, which leave
// the standard 156 × 225 mm text area. The footer, holding the page number,
// sits 25 mm from the bottom edge.
var A4 = Page{
	Width: MM(210), Height: MM(297),
	Top: MM(37), Bottom: MM(35), Left: MM(28), Right: MM(26),
	Header: MM(15), Footer: MM(25),
}

// MM converts millimetres to twips, rounded to the nearest twip.
func MM(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// TextWidth is the width between the left and right margins, in twips.
func (p Page) TextWidth() int { return p.Width - p.Left - p.Right }

// Properties are the document's core properties (File › Info in Word).
// Created is written as given; a zero Created omits the creation and
// modification dates. An empty Title takes the text of the first Title block.
type Properties struct {
	Title   string
	Subject string
	Creator string
	Created time.Time
}

// Document is a Word document under construction. Its zero value is not
// usable; call New. A Document is not safe for concurrent use.
type Document struct {
	page        Page
	props       Properties
	firstTitle  string
	pageNumbers bool
	body        bytes.Buffer
	breakNext   bool // PageBreak was called; the next block starts a page
	lastTable   bool // the last block was a table
	err         error
}

// New returns an empty document on page p, with page numbers in the footer
// ("— 1 —", centred, 宋体 四号).
func New(p Page) *Document {
	d := &Document{page: p, pageNumbers: true}
	if p.Width <= 0 || p.Height <= 0 || p.TextWidth() <= 0 || p.Height-p.Top-p.Bottom <= 0 {
		d.fail(fmt.Errorf("docx: page %+v leaves no room for text", p))
	}
	return d
}

// SetProperties sets the core properties written with the document.
func (d *Document) SetProperties(p Properties) { d.props = p }

// SetPageNumbers turns the page numbers in the footer on or off.
func (d *Document) SetPageNumbers(on bool) { d.pageNumbers = on }

// Err returns the first misuse of d, or nil.
func (d *Document) Err() error { return d.err }

func (d *Document) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// Title appends the document title: centred, bold, FontTitle 二号 (22 pt),
// followed by a blank line's space. A newline in text breaks the title onto
// another line of the same paragraph, as long titles are set.
func (d *Document) Title(text string, opts ...Option) {
	text = clean(text)
	if d.firstTitle == "" {
		d.firstTitle = text
	}
	p := props{style: styleTitle}
	p.apply(opts)
	d.paragraph(p, text, true)
}

// Heading appends a heading of level 1 (FontHeading1, as "一、总体情况") or
// level 2 (FontHeading2, as "（一）提案数量"), 三号, indented two characters
// like the body and kept on the page of the paragraph that follows. Any
// other level is a misuse. A newline in text breaks the line.
func (d *Document) Heading(level int, text string, opts ...Option) {
	var p props
	switch level {
	case 1:
		p.style = styleHeading1
	case 2:
		p.style = styleHeading2
	default:
		d.fail(fmt.Errorf("docx: heading level %d, want 1 or 2", level))
		return
	}
	p.apply(opts)
	d.paragraph(p, clean(text), true)
}

// Paragraph appends body text: FontBody 三号 (16 pt) on a fixed 28 pt line,
// justified, the first line indented two characters. Each line of text (split
// at "\n") becomes its own paragraph with the same options, so a letter body
// can be passed whole; an empty line gives an empty paragraph. Options change
// the alignment, indents, weight, size and font; centred and right-aligned
// paragraphs are not indented unless FirstLineIndent says so.
func (d *Document) Paragraph(text string, opts ...Option) {
	var p props
	p.apply(opts)
	text = clean(text)
	for {
		line, rest, more := cut(text, '\n')
		d.paragraph(p, line, false)
		if !more {
			return
		}
		text = rest
	}
}

// PageBreak makes the next block start on a new page. A page break with no
// block after it is dropped rather than leave an empty last page.
func (d *Document) PageBreak() { d.breakNext = true }

func (d *Document) paragraph(p props, text string, breaks bool) {
	if d.breakNext {
		p.pageBreakBefore = true
		d.breakNext = false
	}
	d.lastTable = false
	writeParagraph(&d.body, p, text, breaks)
}
