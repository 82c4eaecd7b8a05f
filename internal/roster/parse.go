// Package roster reads and writes the member rosters (委员名单) that
// committees keep in Excel. Parse checks an uploaded .xlsx row by row and
// reports every problem in Chinese with its sheet row; WriteErrorSheet
// returns the same workbook with the reasons beside each row, for the user to
// fix and upload again; Export streams a roster that Parse reads back.
//
// The package is plain Go: no database, no HTTP. What it needs to know about
// existing members comes through Known.
package roster

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"xieshang/internal/errs"
)

// Limits of an upload.
const (
	MaxFileSize = 20 << 20 // bytes of the .xlsx file as uploaded
	MaxProblems = 1000     // problems reported before the rest are summarised

	maxUnzipSize   = 128 << 20 // bytes of all parts once unzipped (zip bombs)
	headerScanRows = 10        // the header must be within the first rows
	progressEvery  = 500       // rows between progress calls
)

// Row is one member as read from a sheet, normalised: Gender is 男 or 女,
// Ethnicity ends in 族, Party, Sector and SpecialCommittees are spelled as in
// Lists, Mobile has 11 digits and IDNumber 18 characters with an upper-case
// X. A row that has problems holds what could be read.
type Row struct {
	Line              int // 1-based row number in the sheet
	Name              string
	Gender            string
	Ethnicity         string
	BirthYear         int
	BirthMonth        int
	BirthDay          int // 0 when the sheet gives only year and month
	Party             string
	Sector            string
	SpecialCommittees []string
	EmployerTitle     string
	Mobile            string
	IDNumber          string
	Standing          bool // 常委
}

// Problem is one thing wrong with one row. Field is the Chinese column name
// (姓名, 身份证号, …); Line 0 with an empty Field is a note about the whole
// sheet, such as the cap on the number of problems.
type Problem struct {
	Line    int
	Field   string
	Message string
}

// Result is what Parse read. Rows holds every non-blank data row in sheet
// order, those with problems included; the caller decides whether to import
// anything while Problems is not empty.
type Result struct {
	Sheet    string // the worksheet read
	Header   int    // 1-based row number of the header
	Rows     []Row
	Problems []Problem
}

// Lists are the committee's valid names. An empty list accepts any value.
type Lists struct {
	Parties           []string
	Sectors           []string
	SpecialCommittees []string
}

// Known tells Parse about members already stored.
type Known interface {
	// MobileOwner returns the ID number of the existing member whose mobile
	// is mobile, and whether there is one.
	MobileOwner(mobile string) (idNumber string, ok bool)
}

// Parse reads the roster in the .xlsx file r of size bytes (negative when
// unknown) and checks every row against lists and known (which may be nil).
// It calls progress (when not nil) every few hundred rows and at the end.
//
// A file Parse cannot take as a whole — not an .xlsx, over MaxFileSize, no
// sheet or no recognisable header, merged cells, formulas or hidden rows or
// columns in the data area — gives an Invalid *errs.Error on field "file"
// whose message says what to do. Problems with single rows are in the Result.
func Parse(r io.Reader, size int64, lists Lists, known Known, progress func(done, total int)) (res *Result, err error) {
	// excelize parses untrusted input; a panic in it must not take the
	// server down, and the user can only be told the file is unreadable.
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fileError(fmt.Errorf("roster: panic reading workbook: %v", p), msgCorrupt)
		}
	}()
	data, err := readUpload(r, size)
	if err != nil {
		return nil, err
	}
	wb, err := openWorkbook(data)
	if err != nil {
		return nil, err
	}
	defer wb.close()
	sh, err := wb.locate()
	if err != nil {
		return nil, err
	}
	defer sh.rows.Close()

	scan := scanSheet(wb.part(sh.info.path), sh.lay.row)
	chk := newChecker(sh.lay, lists, known, wb.date1904)
	res = &Result{Sheet: sh.info.name, Header: sh.lay.row}
	total := max(scan.lastRow-sh.lay.row, 0)
	var (
		hiddenRows []int
		colData    []bool // columns holding data below the header
		buf        []string
	)
	line := sh.lay.row
	for sh.rows.Next() {
		line++
		cells, err := sh.rows.Columns(rawValues)
		if err != nil {
			return nil, fileError(err, fmt.Sprintf("文件第%d行无法读取,文件可能已损坏,请在 Excel 中重新保存后再上传", line))
		}
		buf = normalizeAll(buf[:0], cells)
		if anyValue(buf) {
			if scan.hiddenRows[line] {
				hiddenRows = append(hiddenRows, line)
			}
			if len(scan.hiddenCols) > 0 {
				colData = markData(colData, buf)
			}
			if row, ok := chk.row(line, buf); ok {
				res.Rows = append(res.Rows, row)
			}
		}
		if progress != nil && (line-sh.lay.row)%progressEvery == 0 {
			progress(min(line-sh.lay.row, total), total)
		}
	}
	if err := sh.rows.Error(); err != nil {
		return nil, fileError(err, msgCorrupt)
	}
	if err := structureError(scan, sh.lay, hiddenRows, colData); err != nil {
		return nil, err
	}
	if progress != nil {
		progress(total, total)
	}
	res.Problems = chk.problems
	return res, nil
}

// rawValues makes excelize return cells as stored (a date as its serial
// number, a long number unformatted) so that formats cannot garble them.
var rawValues = excelize.Options{RawCellValue: true}

// readUpload reads at most MaxFileSize bytes, whatever size claims.
func readUpload(r io.Reader, size int64) ([]byte, error) {
	if size > MaxFileSize {
		return nil, fileError(nil, msgTooLarge)
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fileError(err, "文件读取失败,请重新上传")
	}
	if len(data) > MaxFileSize {
		return nil, fileError(nil, msgTooLarge)
	}
	return data, nil
}

// fileError is the Invalid error about the upload as a whole.
func fileError(cause error, message string) *errs.Error {
	e := errs.Field("file", message)
	e.Err = cause
	return e
}

// normalizeAll appends the normalised cells to dst.
func normalizeAll(dst, cells []string) []string {
	for _, c := range cells {
		dst = append(dst, normalize(c))
	}
	return dst
}

func anyValue(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return true
		}
	}
	return false
}

// markData records which columns of cells hold a value.
func markData(seen []bool, cells []string) []bool {
	for len(seen) < len(cells) {
		seen = append(seen, false)
	}
	for i, c := range cells {
		if c != "" {
			seen[i] = true
		}
	}
	return seen
}

// structureError reports what makes the data area unsafe to read row by row:
// merged cells, formulas, hidden rows or columns holding data.
func structureError(scan sheetScan, lay layout, hiddenRows []int, colData []bool) error {
	var c errs.Check
	if scan.merges > 0 {
		refs := strings.Join(scan.mergeRefs, "、")
		if scan.merges > len(scan.mergeRefs) {
			refs += fmt.Sprintf("等%d处", scan.merges)
		}
		c.Add("file", fmt.Sprintf("表头以下有合并单元格(%s),请取消合并并在每一行填写完整后再上传", refs))
	}
	if scan.formulas > 0 {
		msg := fmt.Sprintf("单元格%s含有公式", scan.formulaCells[0])
		if scan.formulas > 1 {
			msg = fmt.Sprintf("单元格%s等%d个单元格含有公式", strings.Join(scan.formulaCells, "、"), scan.formulas)
		}
		c.Add("file", msg+",请复制后选择性粘贴为数值")
	}
	if len(hiddenRows) > 0 {
		c.Add("file", fmt.Sprintf("第%s行是隐藏行且有内容,请取消隐藏并核对后再上传", joinInts(hiddenRows, 10)))
	}
	var cols []string
	for _, h := range scan.hiddenCols {
		for col := h.min; col <= h.max && col <= len(colData); col++ {
			if colData[col-1] {
				cols = append(cols, lay.columnLabel(col))
			}
		}
	}
	if len(cols) > 0 {
		c.Add("file", fmt.Sprintf("%s是隐藏列且有内容,请取消隐藏并核对后再上传", strings.Join(cols, "、")))
	}
	return c.Err()
}

// joinInts lists at most n numbers with 、 and says how many there are.
func joinInts(v []int, n int) string {
	var b strings.Builder
	for i, x := range v {
		if i == n {
			fmt.Fprintf(&b, "等%d", len(v))
			break
		}
		if i > 0 {
			b.WriteString("、")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
