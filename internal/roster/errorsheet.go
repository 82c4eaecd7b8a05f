package roster

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Colours of the error sheet: Excel's "light red fill with dark red text".
const (
	errorFill = "FFC7CE"
	errorFont = "9C0006"
)

// WriteErrorSheet returns the workbook original, as uploaded, with a last
// column 错误原因 beside the header holding each problem row's reasons joined
// with "；", the row filled light red and the offending cells in dark red, so
// that the user can fix the rows and upload the file again. A workbook that
// already has a 错误原因 column (an earlier error sheet) has it rewritten.
// Problems with Line 0 are not written. Errors are as Parse's for the file.
func WriteErrorSheet(original []byte, problems []Problem) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fileError(fmt.Errorf("roster: panic writing error sheet: %v", p), msgCorrupt)
		}
	}()
	if len(original) > MaxFileSize {
		return nil, fileError(nil, msgTooLarge)
	}
	wb, err := openWorkbook(original)
	if err != nil {
		return nil, err
	}
	defer wb.close()
	sh, err := wb.locate()
	if err != nil {
		return nil, err
	}
	lay, sheet := sh.lay, sh.info.name

	// Read the rest of the rows while the worksheet is still streamed: the
	// widest row decides where a new column goes, and old reasons must go.
	width, line := len(lay.names), lay.row
	var stale []int
	for sh.rows.Next() {
		line++
		cells, err := sh.rows.Columns(rawValues)
		if err != nil {
			sh.rows.Close()
			return nil, fileError(err, msgCorrupt)
		}
		cells = normalizeAll(cells[:0], cells)
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		width = max(width, len(cells))
		if lay.reason >= 0 && lay.reason < len(cells) && cells[lay.reason] != "" {
			stale = append(stale, line)
		}
	}
	sh.rows.Close()
	reason := lay.reason
	if reason < 0 {
		reason = width
	}
	reasonCol := colName(reason + 1)

	byLine := map[int][]Problem{}
	for _, p := range problems {
		if p.Line > lay.row {
			byLine[p.Line] = append(byLine[p.Line], p)
		}
	}
	lines := make([]int, 0, len(byLine))
	for l := range byLine {
		lines = append(lines, l)
	}
	slices.Sort(lines)

	st := newRestyler(wb.f, sheet)
	head := reasonCol + strconv.Itoa(lay.row)
	if err := wb.f.SetCellStr(sheet, head, reasonHeader); err != nil {
		return nil, err
	}
	if err := st.apply(head, true); err != nil {
		return nil, err
	}
	for _, l := range stale {
		if err := wb.f.SetCellStr(sheet, reasonCol+strconv.Itoa(l), ""); err != nil {
			return nil, err
		}
	}
	for _, l := range lines {
		ps := byLine[l]
		msgs := make([]string, len(ps))
		strong := map[int]bool{reason: true}
		for i, p := range ps {
			msgs[i] = p.Message
			for _, c := range lay.columnsOf(p.Field) {
				strong[c] = true
			}
		}
		n := strconv.Itoa(l)
		if err := wb.f.SetCellStr(sheet, reasonCol+n, strings.Join(msgs, "；")); err != nil {
			return nil, err
		}
		for c := 0; c <= max(reason, width-1); c++ {
			if err := st.apply(colName(c+1)+n, strong[c]); err != nil {
				return nil, err
			}
		}
	}
	if err := wb.f.SetColWidth(sheet, reasonCol, reasonCol, 60); err != nil {
		return nil, err
	}
	buf, err := wb.f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// columnsOf returns the 0-based columns holding the field named label.
func (lay layout) columnsOf(label string) []int {
	var cols []int
	for f := range numFields {
		if fieldNames[f] == label && lay.col[f] >= 0 {
			cols = append(cols, lay.col[f])
		}
	}
	if label == fEmployerTitle.String() && len(cols) == 0 {
		for _, f := range []field{fEmployer, fTitle} {
			if lay.col[f] >= 0 {
				cols = append(cols, lay.col[f])
			}
		}
	}
	return cols
}

// restyler gives cells the error fill on top of their own style (number
// format, borders, font), making each derived style once.
type restyler struct {
	f       *excelize.File
	sheet   string
	derived map[[2]int]int // (original style, strong) → new style
}

func newRestyler(f *excelize.File, sheet string) *restyler {
	return &restyler{f: f, sheet: sheet, derived: map[[2]int]int{}}
}

func (r *restyler) apply(cell string, strong bool) error {
	orig, err := r.f.GetCellStyle(r.sheet, cell)
	if err != nil {
		return err
	}
	key := [2]int{orig, 0}
	if strong {
		key[1] = 1
	}
	id, ok := r.derived[key]
	if !ok {
		style, err := r.f.GetStyle(orig)
		if err != nil || style == nil {
			style = &excelize.Style{}
		}
		style.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{errorFill}}
		if strong {
			font := excelize.Font{}
			if style.Font != nil {
				font = *style.Font
			}
			font.Color, font.Bold = errorFont, true
			style.Font = &font
		}
		if id, err = r.f.NewStyle(style); err != nil {
			return err
		}
		r.derived[key] = id
	}
	return r.f.SetCellStyle(r.sheet, cell, cell, id)
}
