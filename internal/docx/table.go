package docx

import (
	"fmt"
	"slices"
	"strconv"
)

// TableOption changes how a Table is set.
type TableOption func(*tableProps)

type tableProps struct {
	exact bool
	align []Alignment
}

// ExactWidths takes the widths of a Table as twips rather than as
// proportions of the text width. A table wider than the text runs into the
// right margin.
func ExactWidths() TableOption { return func(t *tableProps) { t.exact = true } }

// ColumnAlign sets the alignment of the body cells column by column; columns
// beyond the list, and all header cells, are centred.
func ColumnAlign(a ...Alignment) TableOption {
	return func(t *tableProps) { t.align = slices.Clone(a) }
}

// Table appends a table with single 0.5 pt borders and text in FontBody
// 四号 (14 pt), vertically centred. The header row, if header is not empty,
// is bold, centred and repeated at the top of each page the table runs onto.
// The table has as many columns as its longest row (header included); shorter
// rows are padded with empty cells. A newline in a cell breaks the line.
//
// widths gives each column's width, as proportions that are scaled to the text
// width (as []int{3, 1, 1}, or twips that add up to it), or as twips with
// ExactWidths; nil makes the columns equal. widths of another length than the
// columns, or holding a width below 1 or above 2²⁴, is a misuse. A table with no cells
// appends nothing.
func (d *Document) Table(header []string, rows [][]string, widths []int, opts ...TableOption) {
	var tp tableProps
	for _, o := range opts {
		if o != nil {
			o(&tp)
		}
	}
	n := len(header)
	for _, r := range rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return
	}
	cols, err := columnWidths(widths, n, d.page.TextWidth(), tp.exact)
	if err != nil {
		d.fail(err)
		return
	}

	b := &d.body
	switch {
	case d.breakNext:
		b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		d.breakNext = false
	case d.lastTable:
		// Word joins adjacent tables into one.
		b.WriteString("<w:p/>")
	}
	d.lastTable = true

	total := 0
	for _, w := range cols {
		total += w
	}
	b.WriteString(`<w:tbl><w:tblPr><w:tblW w:w="` + strconv.Itoa(total) + `" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range [...]string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.WriteString(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="000000"/>`)
	}
	b.WriteString(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>`)
	for _, w := range cols {
		b.WriteString(`<w:gridCol w:w="` + strconv.Itoa(w) + `"/>`)
	}
	b.WriteString("</w:tblGrid>")
	if len(header) > 0 {
		d.row(header, cols, nil, true)
	}
	for _, r := range rows {
		d.row(r, cols, tp.align, false)
	}
	b.WriteString("</w:tbl>")
}

func (d *Document) row(cells []string, cols []int, align []Alignment, header bool) {
	b := &d.body
	b.WriteString("<w:tr><w:trPr><w:cantSplit/>")
	if header {
		b.WriteString("<w:tblHeader/>")
	}
	b.WriteString("</w:trPr>")
	for i, w := range cols {
		b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="` + strconv.Itoa(w) + `" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>`)
		p := props{style: styleTable, align: Center, alignSet: true, bold: header}
		if i < len(align) && !header {
			p.align = align[i]
		}
		text := ""
		if i < len(cells) {
			text = clean(cells[i])
		}
		writeParagraph(b, p, text, true)
		b.WriteString("</w:tc>")
	}
	b.WriteString("</w:tr>")
}

// maxWidth bounds a column width (in twips or proportion), far beyond any
// page, so that sums cannot overflow.
const maxWidth = 1 << 24

// columnWidths returns the widths in twips of n columns: widths scaled to
// total, widths as they are when exact, or n equal columns when widths is
// nil. Scaled widths add up to total exactly (largest remainders get the
// spare twips).
func columnWidths(widths []int, n, total int, exact bool) ([]int, error) {
	if widths == nil {
		widths = make([]int, n)
		for i := range widths {
			widths[i] = 1
		}
		exact = false
	}
	if len(widths) != n {
		return nil, fmt.Errorf("docx: %d table widths for %d columns", len(widths), n)
	}
	var sum int64
	for _, w := range widths {
		if w < 1 || w > maxWidth {
			return nil, fmt.Errorf("docx: table width %d, want 1 to %d", w, maxWidth)
		}
		sum += int64(w)
	}
	if exact {
		return slices.Clone(widths), nil
	}
	out := make([]int, n)
	rem := make([]int64, n)
	used := 0
	for i, w := range widths {
		q := int64(w) * int64(total)
		out[i] = int(q / sum)
		rem[i] = q % sum
		used += out[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rem[a] > rem[b]:
			return -1
		case rem[a] < rem[b]:
			return 1
		}
		return 0
	})
	for _, i := range order[:total-used] {
		out[i]++
	}
	return out, nil
}
