package roster

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// normalize returns a cell's text as Parse compares it: full-width digits
// and letters made half-width, no-break and zero-width spaces removed, other
// spaces (U+3000, tabs, line breaks) trimmed at the ends and folded into one
// ordinary space inside, control characters dropped. Invalid UTF-8 becomes
// U+FFFD. normalize(normalize(s)) == normalize(s).
func normalize(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ':
			r -= '０' - '0'
		case r == '\u00a0' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// clean reports whether s is printable ASCII without spaces at the ends or
// two in a row, which normalize returns as is.
func clean(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// cleanName drops the spaces people put inside Chinese names to align them
// (张  三), keeping one between Latin letters, and writes the middle dot of
// transliterated names (阿依古丽·买买提) one way.
func cleanName(s string) string {
	if !strings.ContainsAny(s, " •・．‧∙") {
		return s
	}
	r := []rune(s)
	out := make([]rune, 0, len(r))
	for i, c := range r {
		switch c {
		case ' ':
			if i > 0 && i+1 < len(r) && latin(r[i-1]) && latin(r[i+1]) {
				out = append(out, c)
			}
			continue
		case '•', '・', '．', '‧', '∙':
			c = '·'
		}
		out = append(out, c)
	}
	return string(out)
}

func latin(r rune) bool { return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// parseDate reads a birth date cell: an Excel serial number (what a
// date-formatted cell holds; date1904 for workbooks in the 1904 system) or
// text such as 1965.03, 1965.3, 1965-3, 1965-03-08, 1965/3/8, 1965年3月,
// 1965年3月8日, 196503 or 19650308, full-width separators allowed. d is 0
// when the text has no day. ok is false for anything else or a date outside
// 1900–2100.
func parseDate(s string, date1904 bool) (y, m, d int, ok bool) {
	if strings.ContainsAny(s, "．－／") {
		s = dateSeparators.Replace(s)
	}
	if i := strings.IndexByte(s, ' '); i > 0 && strings.Count(s[i:], ":") > 0 {
		s = s[:i] // 1965-03-08 00:00:00
	}
	intPart, frac, dot := strings.Cut(s, ".")
	if digits(intPart) && (!dot || digits(frac)) {
		switch {
		case len(intPart) == 5: // serial number, perhaps with a time of day
			n, _ := strconv.Atoi(intPart)
			y, m, d, ok = serialDate(n, date1904)
			return y, m, d, ok
		case !dot && len(s) == 6:
			y, m = atoi(s[:4]), atoi(s[4:])
			return validDate(y, m, 0)
		case !dot && len(s) == 8:
			y, m, d = atoi(s[:4]), atoi(s[4:6]), atoi(s[6:])
			return validDate(y, m, d)
		}
	}
	var parts [3]int
	n := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j == i || n == 3 || j-i > 4 || n > 0 && j-i > 2 {
			return 0, 0, 0, false
		}
		parts[n] = atoi(s[i:j])
		n++
		sep, size := utf8.DecodeRuneInString(s[j:])
		switch {
		case j == len(s):
			i = j
		case sep == '.' || sep == '-' || sep == '/' || sep == '年' || sep == '月':
			i = j + size
			if i == len(s) && sep != '月' {
				return 0, 0, 0, false
			}
		case sep == '日' && j+size == len(s) && n == 3:
			i = j + size
		default:
			return 0, 0, 0, false
		}
	}
	if n < 2 || parts[0] < 1000 {
		return 0, 0, 0, false
	}
	return validDate(parts[0], parts[1], parts[2])
}

var dateSeparators = strings.NewReplacer("．", ".", "－", "-", "／", "/")

// serialDate converts an Excel serial day number. In the 1900 system day 60
// is the 29 February 1900 that never was.
func serialDate(n int, date1904 bool) (y, m, d int, ok bool) {
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1+n, 0, 0, 0, 0, time.UTC)
	case n < 1 || n == 60:
		return 0, 0, 0, false
	case n < 60:
		t = time.Date(1899, 12, 31+n, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30+n, 0, 0, 0, 0, time.UTC)
	}
	return validDate(t.Year(), int(t.Month()), t.Day())
}

// validDate checks y-m-d (d 0: unknown day) and returns it.
func validDate(y, m, d int) (int, int, int, bool) {
	if y < 1900 || y > 2100 || m < 1 || m > 12 || d < 0 {
		return 0, 0, 0, false
	}
	if d > 0 {
		if t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC); t.Day() != d {
			return 0, 0, 0, false
		}
	}
	return y, m, d, true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi parses a short run of digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// formatDate writes a birth date as rosters do: 1965.03, or 1965.03.08.
func formatDate(y, m, d int) string {
	if y == 0 {
		return ""
	}
	b := make([]byte, 0, 10)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, '.', byte('0'+m/10), byte('0'+m%10))
	if d > 0 {
		b = append(b, '.', byte('0'+d/10), byte('0'+d%10))
	}
	return string(b)
}

// parseMobile reads a mobile cell: a number as Excel stores it (13800138000
// or 1.3800138E10) or text with spaces, dashes and a leading +86 or 86. It
// returns the cleaned text, which validMobile then judges; applying it twice
// changes nothing more.
func parseMobile(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '－', '‐', '–', '—':
			return -1
		}
		return r
	}, s)
	for strings.HasPrefix(s, "+86") {
		s = s[3:]
	}
	if scientific(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 1e15 && f == math.Trunc(f) {
			s = strconv.FormatInt(int64(f), 10)
		}
	}
	if len(s) == 13 && strings.HasPrefix(s, "86") && digits(s) {
		s = s[2:]
	}
	return s
}

// scientific reports whether s is a number in Excel's E notation:
// 1.3800138E10, 1.3800138E+10.
func scientific(s string) bool {
	mant, exp, ok := strings.Cut(s, "E")
	if !ok {
		mant, exp, ok = strings.Cut(s, "e")
	}
	if !ok {
		return false
	}
	whole, frac, dot := strings.Cut(mant, ".")
	return digits(whole) && (!dot || digits(frac)) && digits(strings.TrimPrefix(exp, "+"))
}

// validMobile reports whether s is a mainland mobile number: ^1[3-9]\d{9}$.
func validMobile(s string) bool {
	return len(s) == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(s)
}

// cleanID removes spaces from an ID number and upper-cases its check
// character. lost reports a number Excel stored as a float (1.10101E+17),
// whose last digits are gone.
func cleanID(s string) (id string, lost bool) {
	s = strings.ReplaceAll(s, " ", "")
	if scientific(s) {
		return s, true
	}
	return strings.ToUpper(s), false
}

// parseStanding reads a 是否常委 cell.
func parseStanding(s string) (standing, ok bool) {
	switch strings.ToUpper(s) {
	case "是", "√", "✓", "✔", "Y", "YES", "1", "常委", "TRUE":
		return true, true
	case "", "否", "N", "NO", "0", "×", "FALSE":
		return false, true
	}
	return false, false
}

// splitList splits a cell listing several names: 提案委员会、经济委员会.
func splitList(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		switch r {
		case '、', ',', '，', ';', '；', ' ', '/', '／':
			return true
		}
		return false
	})
	out := parts[:0]
	for _, p := range parts {
		if !contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
