package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"xieshang/internal/errs"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1965.03", "1965.3", "1965-3", "1965-03-08", "1965/3/8", "1965年3月", "1965年3月8日",
		"196503", "19650308", "23809", "23809.25", "1965.02.29", "1965年", "", "9999999", "1965-03-08 12:00:00"} {
		f.Add(s, false)
	}
	f.Add("22347", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		y, m, d, ok := parseDate(s, date1904)
		if !ok {
			if y != 0 || m != 0 || d != 0 {
				t.Fatalf("parseDate(%q) failed but returned %d-%d-%d", s, y, m, d)
			}
			return
		}
		if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 0 || d > 31 {
			t.Fatalf("parseDate(%q) = %d-%d-%d", s, y, m, d)
		}
		// What Export writes reads back the same.
		if y2, m2, d2, ok := parseDate(formatDate(y, m, d), false); !ok || y2 != y || m2 != m || d2 != d {
			t.Fatalf("parseDate(formatDate(%d, %d, %d)) = %d-%d-%d %v", y, m, d, y2, m2, d2, ok)
		}
	})
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"张三", "  张\u3000三 ", "\u00a0x\u00a0", "１３８Ａｚ", "a\tb\nc", "\xff\xfe", "two  spaces", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := normalize(s)
		if normalize(n) != n {
			t.Fatalf("normalize not idempotent on %q: %q then %q", s, n, normalize(n))
		}
		if !utf8.ValidString(n) {
			t.Fatalf("normalize(%q) = %q, invalid UTF-8", s, n)
		}
		if strings.HasPrefix(n, " ") || strings.HasSuffix(n, " ") || strings.Contains(n, "  ") {
			t.Fatalf("normalize(%q) = %q has stray spaces", s, n)
		}
		for _, r := range n {
			if r == '\u00a0' || r == '\u3000' || r >= '０' && r <= '９' || r >= 'Ａ' && r <= 'Ｚ' || r >= 'ａ' && r <= 'ｚ' {
				t.Fatalf("normalize(%q) = %q keeps %q", s, n, r)
			}
		}
		if c := cleanName(n); cleanName(c) != c {
			t.Fatalf("cleanName not idempotent on %q: %q then %q", n, c, cleanName(c))
		}
	})
}

func FuzzMobile(f *testing.F) {
	for _, s := range []string{"13800138000", "1.3800138E10", "1.3800138E+10", "+86 138-0013-8000", "8613800138000",
		"+86+86", "1e400", "-1E5", "0551-62345678", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := parseMobile(s)
		if parseMobile(m) != m {
			t.Fatalf("parseMobile not idempotent on %q: %q then %q", s, m, parseMobile(m))
		}
		if strings.ContainsAny(m, " -") {
			t.Fatalf("parseMobile(%q) = %q keeps a space or dash", s, m)
		}
		if validMobile(m) && (len(m) != 11 || m[0] != '1') {
			t.Fatalf("validMobile(%q)", m)
		}
	})
}

// FuzzParse feeds arbitrary bytes as the upload: Parse must return either a
// Result or an *errs.Error, and never panic (it recovers from excelize's).
func FuzzParse(f *testing.F) {
	f.Add(standard(f, good(0), with(1, cGender, "?")))
	f.Add(newBook(f).rows(1, []any{"名单"}).bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("姓名,性别\n"))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Parse(bytes.NewReader(data), int64(len(data)), testLists, knownMobiles{}, func(int, int) {})
		var e *errs.Error
		switch {
		case err == nil && res == nil:
			t.Fatal("no result and no error")
		case err != nil && res != nil:
			t.Fatal("both a result and an error")
		case err != nil && !errors.As(err, &e):
			t.Fatalf("error %v (%T) is not *errs.Error", err, err)
		case err != nil && (e.Kind != errs.Invalid || e.Message == ""):
			t.Fatalf("error %+v", e)
		}
	})
}

// FuzzParseSheetXML fuzzes the worksheet inside an otherwise valid workbook,
// which random bytes as a whole file seldom reach: the byte scanner and
// excelize's row reader see arbitrary XML.
func FuzzParseSheetXML(f *testing.F) {
	base := standard(f, good(0), with(1, cGender, "?"))
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		f.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, _ := zf.Open()
			sheet, _ := io.ReadAll(rc)
			rc.Close()
			f.Add(sheet)
		}
	}
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>性别</t></is></c></row>` +
		`<row r="3" hidden="1"><c r="A3"><f>1</f><v>1</v></c></row></sheetData><mergeCells><mergeCell ref="A2:B9"/></mergeCells></worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, zf := range zr.File {
			w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
			if err != nil {
				t.Fatal(err)
			}
			if zf.Name == "xl/worksheets/sheet1.xml" {
				w.Write(sheet)
				continue
			}
			rc, _ := zf.Open()
			io.Copy(w, rc)
			rc.Close()
		}
		zw.Close()
		// The fuzzing engine does not notice a hang; this turns one into a
		// failure with the stacks.
		var res *Result
		done := make(chan struct{})
		go func() {
			defer close(done)
			res, err = Parse(bytes.NewReader(buf.Bytes()), int64(buf.Len()), testLists, knownMobiles{}, nil)
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			st := make([]byte, 1<<20)
			t.Fatalf("Parse still running after 10s:\n%s", st[:runtime.Stack(st, true)])
		}
		var e *errs.Error
		if (err == nil) == (res == nil) || err != nil && (!errors.As(err, &e) || e.Kind != errs.Invalid) {
			t.Fatalf("result %v, error %v", res, err)
		}
	})
}
