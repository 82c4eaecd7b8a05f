package docx

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// clean returns s as text an XML 1.0 document can carry and Word shows:
// control characters other than tab and newline are dropped (XML forbids
// most of C0; DEL and C1 are legal but never meant), as are U+FFFE and
// U+FFFF; invalid UTF-8 becomes U+FFFD; "\r\n" and "\r" become "\n".
func clean(s string) string {
	if isClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	cr := false
	for _, r := range s {
		afterCR := cr
		cr = false
		switch {
		case r == '\r':
			b.WriteByte('\n')
			cr = true
		case r == '\n':
			if !afterCR {
				b.WriteByte('\n')
			}
		case r == '\t':
			b.WriteByte('\t')
		case dropped(r):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dropped(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == 0xfffe || r == 0xffff
}

// isClean reports whether clean(s) == s, without allocating.
func isClean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || dropped(r) {
			return false
		}
		i += size
	}
	return true
}

// cut is strings.Cut for one byte.
func cut(s string, sep byte) (before, after string, found bool) {
	if i := strings.IndexByte(s, sep); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// escape writes clean text s to b escaped for both element content and
// double-quoted attribute values.
func escape(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(esc)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// writeRunText writes the content of a run: clean text s as w:t elements,
// with w:tab for each tab and, when breaks is set, w:br for each newline.
// Without breaks s must hold no newline.
func writeRunText(b *bytes.Buffer, s string, breaks bool) {
	start := 0
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\t':
			writeT(b, s[start:i])
			b.WriteString("<w:tab/>")
		case s[i] == '\n' && breaks:
			writeT(b, s[start:i])
			b.WriteString("<w:br/>")
		default:
			continue
		}
		start = i + 1
	}
	writeT(b, s[start:])
}

func writeT(b *bytes.Buffer, s string) {
	if s == "" {
		return
	}
	b.WriteString(`<w:t xml:space="preserve">`)
	escape(b, s)
	b.WriteString("</w:t>")
}
