package docx

import (
	"bytes"
	"strconv"
	"strings"
	"time"
)

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsW       = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`
	nsR       = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relBase   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	typeBase  = "application/vnd.openxmlformats-officedocument.wordprocessingml."
)

// part is one file of the package, as chunks written in order (so that the
// body is not copied).
type part struct {
	name   string
	chunks [][]byte
}

func one(b []byte) [][]byte { return [][]byte{b} }

// parts returns the files of d's package in the order they are written,
// [Content_Types].xml first as readers sniffing the format expect.
func (d *Document) parts() []part {
	ps := []part{
		{"[Content_Types].xml", one(d.contentTypes())},
		{"_rels/.rels", one([]byte(packageRels))},
		{"docProps/core.xml", one(d.core())},
		{"word/_rels/document.xml.rels", one(d.documentRels())},
		{"word/document.xml", d.document()},
		{"word/styles.xml", one([]byte(stylesXML))},
		{"word/settings.xml", one([]byte(settingsXML))},
		{"word/fontTable.xml", one([]byte(fontTableXML))},
	}
	if d.pageNumbers {
		ps = append(ps, part{"word/footer1.xml", one([]byte(footerXML))})
	}
	return ps
}

func (d *Document) contentTypes() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/word/document.xml" ContentType="` + typeBase + `document.main+xml"/>` +
		`<Override PartName="/word/styles.xml" ContentType="` + typeBase + `styles+xml"/>` +
		`<Override PartName="/word/settings.xml" ContentType="` + typeBase + `settings+xml"/>` +
		`<Override PartName="/word/fontTable.xml" ContentType="` + typeBase + `fontTable+xml"/>`)
	if d.pageNumbers {
		b.WriteString(`<Override PartName="/word/footer1.xml" ContentType="` + typeBase + `footer+xml"/>`)
	}
	b.WriteString(`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`</Types>`)
	return b.Bytes()
}

const packageRels = xmlHeader +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="` + relBase + `officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

func (d *Document) documentRels() []byte {
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="` + relBase + `styles" Target="styles.xml"/>` +
		`<Relationship Id="rId2" Type="` + relBase + `settings" Target="settings.xml"/>` +
		`<Relationship Id="rId3" Type="` + relBase + `fontTable" Target="fontTable.xml"/>`)
	if d.pageNumbers {
		b.WriteString(`<Relationship Id="rId4" Type="` + relBase + `footer" Target="footer1.xml"/>`)
	}
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

// core returns docProps/core.xml. Dates are written in UTC to the second.
func (d *Document) core() []byte {
	p := d.props
	if p.Title == "" {
		p.Title = strings.NewReplacer("\n", "", "\t", " ").Replace(d.firstTitle)
	}
	var b bytes.Buffer
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	for _, e := range [...]struct{ tag, value string }{
		{"dc:title", p.Title}, {"dc:subject", p.Subject}, {"dc:creator", p.Creator},
	} {
		if v := clean(e.value); v != "" {
			b.WriteString("<" + e.tag + ">")
			escape(&b, v)
			b.WriteString("</" + e.tag + ">")
		}
	}
	if !p.Created.IsZero() {
		t := p.Created.UTC().Format(time.RFC3339)
		b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + t + `</dcterms:created>` +
			`<dcterms:modified xsi:type="dcterms:W3CDTF">` + t + `</dcterms:modified>`)
	}
	b.WriteString("</cp:coreProperties>")
	return b.Bytes()
}

// document returns word/document.xml: the body appended so far and the
// section properties (page size, margins, footer).
func (d *Document) document() [][]byte {
	head := xmlHeader + `<w:document ` + nsW + ` ` + nsR + `><w:body>`
	tail := "<w:sectPr>"
	if d.pageNumbers {
		tail += `<w:footerReference w:type="default" r:id="rId4"/>`
	}
	pg := d.page
	tail += `<w:pgSz w:w="` + itoa(pg.Width) + `" w:h="` + itoa(pg.Height) + `"/>` +
		`<w:pgMar w:top="` + itoa(pg.Top) + `" w:right="` + itoa(pg.Right) + `" w:bottom="` + itoa(pg.Bottom) +
		`" w:left="` + itoa(pg.Left) + `" w:header="` + itoa(pg.Header) + `" w:footer="` + itoa(pg.Footer) + `" w:gutter="0"/>` +
		`<w:cols w:space="425"/></w:sectPr></w:body></w:document>`
	return [][]byte{[]byte(head), d.body.Bytes(), []byte(tail)}
}

func itoa(n int) string { return strconv.Itoa(n) }

// footerXML holds the page number as GB/T 9704 sets it: 4号 半角 宋体 Arabic
// numerals between em dashes, centred here rather than outside on alternate
// pages, which would need different odd and even footers.
const footerXML = xmlHeader +
	`<w:ftr ` + nsW + ` ` + nsR + `><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>` +
	`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">— </w:t></w:r>` +
	`<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>` +
	`<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve"> —</w:t></w:r>` +
	`</w:p></w:ftr>`

// rFonts sets Latin text in FontLatin and Chinese text in east.
func rFonts(east string) string {
	return `<w:rFonts w:ascii="` + FontLatin + `" w:eastAsia="` + east + `" w:hAnsi="` + FontLatin + `" w:cs="` + FontLatin + `"/>`
}

// indent2 is a two-character first line indent at 三号.
const indent2 = `<w:ind w:firstLineChars="200" w:firstLine="640"/>`

// stylesXML defines the styles: Normal (body text), Title, Heading1,
// Heading2, TableText and Footer. Widow control is off so that pages keep
// the fixed grid of 28 pt lines.
var stylesXML = xmlHeader +
	`<w:styles ` + nsW + `>` +
	`<w:docDefaults><w:rPrDefault><w:rPr>` + rFonts(FontBody) +
	`<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>` +
	`</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/></w:pPr></w:pPrDefault></w:docDefaults>` +

	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:widowControl w:val="0"/><w:spacing w:before="0" w:after="0" w:line="` + itoa(lineBody) + `" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr>` +
	`<w:rPr>` + rFonts(FontBody) + `<w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +

	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/><w:spacing w:before="0" w:after="` + itoa(lineBody) + `" w:line="` + itoa(lineTitle) + `" w:lineRule="exact"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr>` + rFonts(FontTitle) + `<w:b/><w:bCs/><w:sz w:val="44"/><w:szCs w:val="44"/></w:rPr></w:style>` +

	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/>` + indent2 + `<w:outlineLvl w:val="0"/></w:pPr>` +
	`<w:rPr>` + rFonts(FontHeading1) + `</w:rPr></w:style>` +

	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:keepNext/>` + indent2 + `<w:outlineLvl w:val="1"/></w:pPr>` +
	`<w:rPr>` + rFonts(FontHeading2) + `</w:rPr></w:style>` +

	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="TableText"><w:name w:val="Table Text"/><w:basedOn w:val="Normal"/><w:qFormat/>` +
	`<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>` +
	`<w:rPr><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +

	`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/>` +
	`<w:pPr><w:spacing w:line="240" w:lineRule="auto"/><w:jc w:val="center"/></w:pPr>` +
	`<w:rPr><w:rFonts w:ascii="` + FontSong + `" w:eastAsia="` + FontSong + `" w:hAnsi="` + FontSong + `"/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>` +

	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>` +
	`<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>` +
	`<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`

// settingsXML keeps Chinese punctuation full width (no compression), so that
// lines keep 28 characters, and opts out of Word's compatibility mode.
const settingsXML = xmlHeader +
	`<w:settings ` + nsW + `><w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/>` +
	`<w:characterSpacingControl w:val="doNotCompress"/>` +
	`<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>` +
	`<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/><w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>` +
	`</w:settings>`

// fontTableXML lists the fonts with their alternates, which Word tries in
// order when a font is missing (ISO/IEC 29500-1 §17.8.3.1). Charset 86 is
// GB2312, which steers any further substitution to a Chinese font.
var fontTableXML = xmlHeader +
	`<w:fonts ` + nsW + `>` +
	`<w:font w:name="` + FontLatin + `"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>` +
	chineseFont(FontBody, "仿宋,FangSong") +
	chineseFont(FontTitle, "宋体,SimSun") +
	chineseFont(FontHeading1, "SimHei") +
	chineseFont(FontHeading2, "楷体,KaiTi") +
	chineseFont(FontSong, "SimSun") +
	`</w:fonts>`

func chineseFont(name, alternates string) string {
	return `<w:font w:name="` + name + `"><w:altName w:val="` + alternates + `"/>` +
		`<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>`
}
