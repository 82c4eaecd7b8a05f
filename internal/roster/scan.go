package roster

import (
	"bytes"
	"strconv"
)

// colSpan is a run of 1-based columns.
type colSpan struct{ min, max int }

// sheetScan is what the worksheet XML says beyond cell values, which the
// excelize row iterator does not report and loading the whole worksheet
// model would cost more than reading the rows.
type sheetScan struct {
	lastRow      int          // highest row number with a row element
	formulas     int          // cells at or below the header holding a formula
	formulaCells []string     // the first few of them: C5
	merges       int          // merged ranges reaching below the header
	mergeRefs    []string     // the first few of them: A5:A6
	hiddenRows   map[int]bool // hidden or zero-height rows below the header
	hiddenCols   []colSpan
}

// scanListed is how many cells or ranges a message names.
const scanListed = 5

// scanSheet reads the worksheet XML data as bytes: tags only, no decoding,
// in one pass. header is the 1-based header row.
func scanSheet(data []byte, header int) sheetScan {
	var s sheetScan
	inData := false
	row, col := 0, 0
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 || i+j+1 >= len(data) {
			break
		}
		i += j + 1
		switch {
		case data[i] == '?':
			i = skipPast(data, i, "?>")
			continue
		case bytes.HasPrefix(data[i:], []byte("!--")):
			i = skipPast(data, i, "-->")
			continue
		case bytes.HasPrefix(data[i:], []byte("![CDATA[")):
			i = skipPast(data, i, "]]>")
			continue
		}
		closing := data[i] == '/'
		if closing {
			i++
		}
		end := i
		for end < len(data) && !nameEnd(data[end]) {
			end++
		}
		name := string(localName(data[i:end])) // short and not escaping: no allocation
		stop := tagEnd(data, end)
		attrs := data[end:stop]
		i = stop
		if closing {
			if name == "sheetData" {
				inData = false
			}
			continue
		}
		switch {
		case name == "sheetData":
			inData = !bytes.HasSuffix(attrs, []byte("/"))
		case name == "row" && inData:
			if r := attrInt(attrs, "r"); r > 0 {
				row = r
			} else {
				row++
			}
			col = 0
			s.lastRow = max(s.lastRow, row)
			if h := string(attr(attrs, "hidden")); row > header && (h == "1" || h == "true" || zero(attr(attrs, "ht"))) {
				if s.hiddenRows == nil {
					s.hiddenRows = map[int]bool{}
				}
				s.hiddenRows[row] = true
			}
		case name == "c" && inData:
			if c, _, ok := parseRef(attr(attrs, "r")); ok {
				col = c
			} else {
				col++
			}
		case name == "f" && inData && row >= header:
			s.formulas++
			if len(s.formulaCells) < scanListed {
				s.formulaCells = append(s.formulaCells, colName(col)+strconv.Itoa(row))
			}
		case name == "col" && !inData:
			lo, hi := attrInt(attrs, "min"), attrInt(attrs, "max")
			h := string(attr(attrs, "hidden"))
			if (h == "1" || h == "true" || zero(attr(attrs, "width"))) && lo >= 1 && hi >= lo {
				s.hiddenCols = append(s.hiddenCols, colSpan{lo, min(hi, 16384)})
			}
		case name == "mergeCell" && !inData:
			ref := attr(attrs, "ref")
			last := ref
			if k := bytes.IndexByte(ref, ':'); k >= 0 {
				last = ref[k+1:]
			}
			if _, r, ok := parseRef(last); ok && r > header {
				s.merges++
				if len(s.mergeRefs) < scanListed {
					s.mergeRefs = append(s.mergeRefs, string(ref))
				}
			}
		}
	}
	return s
}

// zero reports whether an attribute value is the number 0.
func zero(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	f, err := strconv.ParseFloat(string(v), 64)
	return err == nil && f == 0
}

func nameEnd(c byte) bool {
	return c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r'
}

func localName(b []byte) []byte {
	if k := bytes.LastIndexByte(b, ':'); k >= 0 {
		return b[k+1:]
	}
	return b
}

// skipPast returns the index just after the first end at or after i.
func skipPast(data []byte, i int, end string) int {
	k := bytes.Index(data[i:], []byte(end))
	if k < 0 {
		return len(data)
	}
	return i + k + len(end)
}

// tagEnd returns the index of the '>' closing the tag, skipping quoted
// attribute values, which may hold '>'.
func tagEnd(data []byte, i int) int {
	var q byte
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case q != 0:
			if c == q {
				q = 0
			}
		case c == '"' || c == '\'':
			q = c
		case c == '>':
			return i
		}
	}
	return len(data)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// attr returns the value of the attribute with local name key, nil if the
// tag has none.
func attr(a []byte, key string) []byte {
	for i := 0; i < len(a); {
		for i < len(a) && (isSpace(a[i]) || a[i] == '/') {
			i++
		}
		start := i
		for i < len(a) && a[i] != '=' && !isSpace(a[i]) {
			i++
		}
		name := a[start:i]
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		if i >= len(a) || a[i] != '=' {
			continue
		}
		i++
		for i < len(a) && isSpace(a[i]) {
			i++
		}
		if i >= len(a) || a[i] != '"' && a[i] != '\'' {
			continue
		}
		q := a[i]
		i++
		vs := i
		for i < len(a) && a[i] != q {
			i++
		}
		val := a[vs:i]
		i++
		if string(localName(name)) == key {
			return val
		}
	}
	return nil
}

// attrInt returns a small positive integer attribute, 0 when absent or not
// such a number.
func attrInt(a []byte, key string) int {
	v := attr(a, key)
	if len(v) == 0 || len(v) > 7 || !digits(string(v)) {
		return 0
	}
	return atoi(string(v))
}

// parseRef reads a cell reference such as C5 or $C$5.
func parseRef(b []byte) (col, row int, ok bool) {
	i := 0
	if i < len(b) && b[i] == '$' {
		i++
	}
	for ; i < len(b) && col <= 16384; i++ {
		c := b[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
	}
	if i < len(b) && b[i] == '$' {
		i++
	}
	rest := b[i:]
	if col < 1 || col > 16384 || len(rest) == 0 || len(rest) > 7 || !digits(string(rest)) {
		return 0, 0, false
	}
	row = atoi(string(rest))
	return col, row, row >= 1 && row <= 1048576
}
