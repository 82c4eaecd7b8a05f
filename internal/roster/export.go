package roster

import (
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/idcard"
	"xieshang/internal/mask"
)

// exportSheet names the worksheet Export writes.
const exportSheet = "委员名单"

// exportWidths are the column widths of exportFields.
var exportWidths = [len(exportFields)]float64{10, 6, 10, 10, 10, 16, 28, 40, 14, 22, 10}

// Export writes rows as an .xlsx roster to w: a title row (when title is not
// empty), the header with the columns Parse reads, and one row per member,
// with 出生年月 as 1965.03, 专委会 joined with "、" and 是否常委 as 是 or 否.
// Rows are streamed: Export holds one at a time. With masked, mobiles and
// ID numbers are shown masked (mask.Mobile, idcard.Mask); without, the file
// reads back through Parse to the same rows.
func Export(w io.Writer, title string, rows iter.Seq[Row], masked bool) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", exportSheet); err != nil {
		return err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return err
	}
	border := []excelize.Border{{Type: "left", Style: 1, Color: "BFBFBF"}, {Type: "right", Style: 1, Color: "BFBFBF"},
		{Type: "top", Style: 1, Color: "BFBFBF"}, {Type: "bottom", Style: 1, Color: "BFBFBF"}}
	headStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    border,
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"},
	})
	if err != nil {
		return err
	}
	// Text format (@) keeps Excel from turning an edited 1965.10, mobile or
	// ID number into a number.
	textStyle, err := f.NewStyle(&excelize.Style{NumFmt: 49, Border: border})
	if err != nil {
		return err
	}

	sw, err := f.NewStreamWriter(exportSheet)
	if err != nil {
		return err
	}
	for i, wd := range exportWidths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return err
		}
	}
	row := 1
	if title != "" {
		if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: titleStyle, Value: title}}, excelize.RowOpts{Height: 32}); err != nil {
			return err
		}
		if err := sw.MergeCell("A1", colName(len(exportFields))+"1"); err != nil {
			return err
		}
		row++
	}
	cells := make([]any, len(exportFields))
	for i, fd := range exportFields {
		cells[i] = excelize.Cell{StyleID: headStyle, Value: fd.String()}
	}
	if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
		return err
	}
	for r := range rows {
		row++
		for i, v := range exportValues(r, masked) {
			cells[i] = excelize.Cell{StyleID: textStyle, Value: v}
		}
		if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
			return fmt.Errorf("roster: export row %d: %w", row, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// exportValues returns the cells of r in the order of exportFields.
func exportValues(r Row, masked bool) [len(exportFields)]string {
	mobile, id := r.Mobile, r.IDNumber
	if masked {
		mobile, id = mask.Mobile(mobile), idcard.Mask(id)
	}
	standing := "否"
	if r.Standing {
		standing = "是"
	}
	return [len(exportFields)]string{r.Name, r.Gender, r.Ethnicity, formatDate(r.BirthYear, r.BirthMonth, 0), r.Party, r.Sector,
		strings.Join(r.SpecialCommittees, "、"), r.EmployerTitle, mobile, id, standing}
}
