// Package names helps find members by the romanised form of their Chinese
// names: the member directory matches "zhw" and "zhanghongwei" to 张宏伟.
//
// Readings come from github.com/mozillazg/go-pinyin, corrected for the first
// character (or the first two, for compound surnames), which in a name is the
// surname and is often read differently from the common word: 单 is shan, 解
// is xie, 尉迟 is yuchi. ü is written v (吕 → lv), as on Chinese keyboards.
package names

import (
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// Pinyin returns the full reading of name in lowercase letters without tones
// or separators: 张宏伟 → zhanghongwei. Letters and digits that are not Han
// characters are kept, lowercased (Anna李 → annali); punctuation, spaces and
// the middle dot of transliterated names are dropped (阿不都·热合曼 →
// abudureheman). A Han character the dictionary does not know is dropped.
func Pinyin(name string) string {
	var b strings.Builder
	for _, s := range syllables(name) {
		b.WriteString(s)
	}
	return b.String()
}

// Initials returns the first letter of every syllable of name: 张宏伟 → zhw,
// 欧阳修 → oyx. A run of non-Han letters or digits counts as one syllable and
// gives its first character (李Anna → la).
func Initials(name string) string {
	var b strings.Builder
	for _, s := range syllables(name) {
		for _, r := range s {
			b.WriteRune(r)
			break
		}
	}
	return b.String()
}

// SearchKeys returns the strings a directory index stores for name so that a
// search by the name, its full pinyin or its initials finds it: the trimmed
// name, Pinyin(name) and Initials(name), without empty strings or repeats.
// It returns nil for a blank name.
func SearchKeys(name string) []string {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil
	}
	keys := []string{name}
	for _, k := range []string{Pinyin(name), Initials(name)} {
		if k != "" && !contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// syllables splits name into the units of its reading, each lowercased and
// never empty: the pinyin of a Han character or a run of other letters and
// digits. The surname tables decide the reading of the first characters.
func syllables(name string) []string {
	runes := []rune(strings.TrimSpace(name))
	out, i := surname(runes)
	args := pinyin.NewArgs() // Normal style: no tones, first reading only
	for i < len(runes) {
		r := runes[i]
		switch {
		case unicode.Is(unicode.Han, r):
			if p, ok := givenReadings[r]; ok {
				out = append(out, p)
			} else if p := pinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
				out = append(out, p[0])
			}
			i++
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			j := i
			for j < len(runes) && !unicode.Is(unicode.Han, runes[j]) &&
				(unicode.IsLetter(runes[j]) || unicode.IsDigit(runes[j])) {
				j++
			}
			out = append(out, strings.ToLower(string(runes[i:j])))
			i = j
		default:
			i++
		}
	}
	return out
}
