package roster

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"path"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// User-facing messages about the file as a whole.
const (
	msgTooLarge  = "文件超过 20MB,请删除无关的工作表和图片,或拆分后分批上传"
	msgUnzipSize = "文件解压后过大,请删除无关的工作表和图片,或拆分后分批上传"
	msgNotXLSX   = "文件不是 Excel 工作簿(.xlsx),请在 Excel 中“另存为”Excel 工作簿后再上传"
	msgXLS       = "这是旧版 Excel(.xls)文件,请在 Excel 中“另存为”Excel 工作簿(.xlsx)后再上传"
	msgText      = "这是 CSV 或文本文件,不是 Excel 工作簿;请在 Excel 中打开后“另存为”Excel 工作簿(.xlsx)再上传"
	msgEncrypted = "文件设置了打开密码,请在 Excel 中取消密码后再上传"
	msgCorrupt   = "文件已损坏或格式不受支持,请在 Excel 中重新保存为 .xlsx 后再上传"
	msgEmptyFile = "文件是空的,请选择填好的委员名单"
	msgNoSheets  = "工作簿中没有工作表"
	msgEmpty     = "工作表是空的,请填写委员名单后再上传"
)

var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// workbook is an opened .xlsx with what excelize does not export: where
// each worksheet's XML is and which date system the workbook uses.
type workbook struct {
	f        *excelize.File
	sheets   []sheetInfo // worksheets in workbook order
	date1904 bool
}

type sheetInfo struct {
	name   string
	path   string // part name inside the zip
	hidden bool
}

// openWorkbook checks that data is an .xlsx within the limits and opens it.
func openWorkbook(data []byte) (*workbook, error) {
	if err := sniff(data); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    maxUnzipSize,
		UnzipXMLSizeLimit: maxUnzipSize, // keeps every part in f.Pkg
	})
	if err != nil {
		if f != nil {
			f.Close()
		}
		return nil, fileError(err, msgCorrupt)
	}
	wb := &workbook{f: f}
	if err := wb.readParts(); err != nil {
		f.Close()
		return nil, err
	}
	return wb, nil
}

func (wb *workbook) close() { wb.f.Close() }

// part returns the bytes of a part of the package, nil if absent.
func (wb *workbook) part(name string) []byte {
	v, ok := wb.f.Pkg.Load(name)
	if !ok {
		return nil
	}
	b, _ := v.([]byte)
	return b
}

// sniff tells apart the files people upload instead of an .xlsx and checks
// the zip's declared unzipped size before anything is inflated.
func sniff(data []byte) error {
	switch {
	case len(data) == 0:
		return fileError(nil, msgEmptyFile)
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, utf16le("EncryptionInfo")) {
			return fileError(nil, msgEncrypted)
		}
		return fileError(nil, msgXLS)
	case !bytes.HasPrefix(data, []byte("PK")):
		if looksText(data) {
			return fileError(nil, msgText)
		}
		return fileError(nil, msgNotXLSX)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fileError(err, msgNotXLSX)
	}
	var total uint64
	types, book := false, false
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		types = types || strings.EqualFold(zf.Name, "[Content_Types].xml")
		book = book || strings.HasSuffix(strings.ToLower(zf.Name), "workbook.xml")
	}
	if total > maxUnzipSize {
		return fileError(nil, msgUnzipSize)
	}
	if !types || !book {
		return fileError(nil, msgNotXLSX)
	}
	return nil
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// looksText reports whether the start of data is text (CSV, HTML saved as
// .xls, …) rather than binary.
func looksText(data []byte) bool {
	head := data[:min(len(data), 1024)]
	if bytes.IndexByte(head, 0) >= 0 {
		return false
	}
	if utf8.Valid(head[:max(0, len(head)-3)]) {
		return true
	}
	// GBK text, as Excel saves CSV on Chinese Windows: mostly printable
	// bytes, no control characters but tab and line ends.
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\r' && c != '\n' {
			return false
		}
	}
	return true
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	XMLName xml.Name
	Pr      struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string     `xml:"name,attr"`
		State string     `xml:"state,attr"`
		Attrs []xml.Attr `xml:",any,attr"`
	} `xml:"sheets>sheet"`
}

// readParts finds the workbook part through the package relationships, the
// worksheets through the workbook's, as excelize does internally.
func (wb *workbook) readParts() error {
	var root xmlRels
	if xml.Unmarshal(wb.part("_rels/.rels"), &root) != nil {
		return fileError(nil, msgNotXLSX)
	}
	wbPath := ""
	for _, r := range root.Rels {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			wbPath = strings.TrimPrefix(r.Target, "/")
			break
		}
	}
	var w xmlWorkbook
	if wbPath == "" || xml.Unmarshal(wb.part(wbPath), &w) != nil || w.XMLName.Local != "workbook" {
		return fileError(nil, msgNotXLSX)
	}
	wb.date1904 = w.Pr.Date1904 == "1" || w.Pr.Date1904 == "true"
	var rels xmlRels
	dir := path.Dir(wbPath)
	if xml.Unmarshal(wb.part(path.Join(dir, "_rels", path.Base(wbPath)+".rels")), &rels) != nil {
		return fileError(nil, msgCorrupt)
	}
	for _, s := range w.Sheets {
		id := ""
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				id = a.Value
			}
		}
		for _, r := range rels.Rels {
			if r.ID != id || !strings.HasSuffix(r.Type, "/worksheet") {
				continue
			}
			p := path.Join(dir, r.Target)
			if strings.HasPrefix(r.Target, "/") {
				p = strings.TrimPrefix(path.Clean(r.Target), "/")
			}
			if _, ok := wb.f.Pkg.Load(p); ok {
				wb.sheets = append(wb.sheets, sheetInfo{name: s.Name, path: p, hidden: s.State == "hidden" || s.State == "veryHidden"})
			}
		}
	}
	if len(wb.sheets) == 0 {
		return fileError(nil, msgNoSheets)
	}
	return nil
}
