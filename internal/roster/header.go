package roster

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// field is a column Parse knows.
type field int

const (
	fName field = iota
	fGender
	fEthnicity
	fBirth
	fParty
	fSector
	fSpecial
	fEmployerTitle
	fEmployer // 工作单位 in a column of its own
	fTitle    // 职务 in a column of its own
	fMobile
	fID
	fStanding
	numFields
)

// fieldNames are the column names used in problems and in exports.
var fieldNames = [numFields]string{"姓名", "性别", "民族", "出生年月", "党派", "界别", "专委会",
	"工作单位及职务", "工作单位", "职务", "手机号码", "身份证号", "是否常委"}

func (f field) String() string { return fieldNames[f] }

// exportFields are the columns of an exported roster, in order.
var exportFields = [...]field{fName, fGender, fEthnicity, fBirth, fParty, fSector, fSpecial,
	fEmployerTitle, fMobile, fID, fStanding}

// requiredFields must have a column and a value in every row.
var requiredFields = []field{fName, fGender, fSector, fMobile, fID}

// headerAliases maps header texts, as headerKey leaves them, to fields.
var headerAliases = map[string]field{
	"姓名": fName, "性别": fGender, "民族": fEthnicity,
	"出生年月": fBirth, "出生日期": fBirth, "出生年月日": fBirth,
	"党派": fParty, "政治面貌": fParty,
	"界别":  fSector,
	"专委会": fSpecial, "所属专委会": fSpecial, "专门委员会": fSpecial,
	"工作单位及职务": fEmployerTitle, "单位及职务": fEmployerTitle, "工作单位和职务": fEmployerTitle,
	"工作单位": fEmployer, "职务": fTitle,
	"手机号码": fMobile, "手机": fMobile, "手机号": fMobile, "联系电话": fMobile,
	"身份证号": fID, "身份证号码": fID, "公民身份号码": fID,
	"是否常委": fStanding, "常委": fStanding,
}

// reasonHeader heads the column WriteErrorSheet adds.
const reasonHeader = "错误原因"

// layout is where the header is and which column holds which field.
type layout struct {
	row    int            // 1-based
	col    [numFields]int // 0-based column of each field, -1 when absent
	names  []string       // the header cells, normalised
	reason int            // column of 错误原因 from an earlier error sheet, -1 when absent
	dups   []string       // fields with more than one column
}

// headerKey reduces a header cell to what headerAliases holds: no spaces,
// no required-marks (*姓名, 姓名*, 姓名(必填)) or trailing notes in brackets
// (出生年月(如1965.03)).
func headerKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' {
			return -1
		}
		return r
	}, normalize(s))
	for {
		t := strings.TrimLeft(s, "*＊※")
		t = strings.TrimRight(t, "*＊")
		for _, p := range [][2]string{{"(", ")"}, {"（", "）"}, {"【", "】"}, {"[", "]"}} {
			if strings.HasSuffix(t, p[1]) {
				if i := strings.LastIndex(t, p[0]); i > 0 {
					t = t[:i]
				}
			}
		}
		if t == s {
			return s
		}
		s = t
	}
}

// detectHeader reports whether cells, the normalised cells of sheet row
// row, are the header: a 姓名 column and at least one more known column.
func detectHeader(cells []string, row int) (layout, bool) {
	lay := layout{row: row, reason: -1, names: cells}
	for i := range lay.col {
		lay.col[i] = -1
	}
	found := 0
	for i, c := range cells {
		k := headerKey(c)
		if k == reasonHeader {
			lay.reason = i
		}
		f, ok := headerAliases[k]
		if !ok {
			continue
		}
		found++
		if lay.col[f] >= 0 {
			lay.dups = append(lay.dups, fmt.Sprintf("“%s”(%s、%s)", c, colName(lay.col[f]+1), colName(i+1)))
			continue
		}
		lay.col[f] = i
	}
	return lay, lay.col[fName] >= 0 && found >= 2
}

// check reports a header Parse cannot use: a field in two columns or a
// required column missing.
func (lay layout) check() error {
	if len(lay.dups) > 0 {
		return fileError(nil, fmt.Sprintf("第%d行表头中%s出现了不止一次,请只保留一列", lay.row, strings.Join(lay.dups, "、")))
	}
	var missing []string
	for _, f := range requiredFields {
		if lay.col[f] < 0 {
			missing = append(missing, f.String())
		}
	}
	if len(missing) > 0 {
		return fileError(nil, fmt.Sprintf("第%d行表头缺少必填列:%s", lay.row, strings.Join(missing, "、")))
	}
	return nil
}

// columnLabel names a 1-based column for users: D列(民族).
func (lay layout) columnLabel(col int) string {
	if col-1 < len(lay.names) && lay.names[col-1] != "" {
		return fmt.Sprintf("%s列(%s)", colName(col), lay.names[col-1])
	}
	return colName(col) + "列"
}

func colName(col int) string {
	s, err := excelize.ColumnNumberToName(col)
	if err != nil {
		return fmt.Sprint(col)
	}
	return s
}

// noHeaderMessage lists the headers Parse looks for.
func noHeaderMessage() string {
	all := make([]string, len(exportFields))
	for i, f := range exportFields {
		all[i] = f.String()
	}
	req := make([]string, len(requiredFields))
	for i, f := range requiredFields {
		req[i] = f.String()
	}
	return fmt.Sprintf("前%d行中没有找到表头。表头一行应包含以下列名:%s,其中%s为必填列",
		headerScanRows, strings.Join(all, "、"), strings.Join(req, "、"))
}

// located is the sheet to read, its header, and its rows positioned just
// after the header row.
type located struct {
	info sheetInfo
	lay  layout
	rows *excelize.Rows
}

// locate finds the first visible worksheet with a header in its first
// headerScanRows rows.
func (wb *workbook) locate() (*located, error) {
	data := false
	for _, s := range wb.sheets {
		if s.hidden {
			continue
		}
		rows, err := wb.f.Rows(s.name)
		if err != nil {
			return nil, fileError(err, msgCorrupt)
		}
		for n := 1; n <= headerScanRows && rows.Next(); n++ {
			cells, err := rows.Columns(rawValues)
			if err != nil {
				rows.Close()
				return nil, fileError(err, msgCorrupt)
			}
			cells = normalizeAll(nil, cells)
			if !anyValue(cells) {
				continue
			}
			data = true
			if lay, ok := detectHeader(cells, n); ok {
				if err := lay.check(); err != nil {
					rows.Close()
					return nil, err
				}
				return &located{info: s, lay: lay, rows: rows}, nil
			}
		}
		for !data && rows.Next() {
			cells, err := rows.Columns(rawValues)
			data = err == nil && anyValue(normalizeAll(nil, cells))
		}
		rows.Close()
	}
	if !data {
		return nil, fileError(nil, msgEmpty)
	}
	return nil, fileError(nil, noHeaderMessage())
}
