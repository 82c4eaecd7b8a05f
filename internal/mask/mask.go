// Package mask hides personal data for display (个人信息保护法: phone and ID
// numbers are masked by default). Every page, export and API response masks
// through here, so the rule is the same everywhere.
package mask

// Mobile shows an 11-digit mobile number as its first three and last four
// digits (138****5678). Anything else, which should not occur, is hidden but
// for its last two characters, so a malformed value never leaks whole.
func Mobile(m string) string {
	if m == "" {
		return ""
	}
	if len(m) == 11 && digits(m) {
		return m[:3] + "****" + m[7:]
	}
	r := []rune(m)
	if len(r) <= 4 {
		return "****"
	}
	return "****" + string(r[len(r)-2:])
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
