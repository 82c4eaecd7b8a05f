package roster

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// DefaultParties are the parties a member may belong to, as rosters
// abbreviate them; a committee's Lists.Parties is usually this list.
var DefaultParties = []string{"中共", "民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟", "无党派"}

// partyAliases maps the long and colloquial forms found in 党派 and 政治面貌
// columns to the abbreviations of DefaultParties.
var partyAliases = map[string]string{
	"中国共产党": "中共", "中共党员": "中共", "共产党员": "中共", "中共预备党员": "中共", "党员": "中共",
	"中国国民党革命委员会": "民革", "民革党员": "民革",
	"中国民主同盟": "民盟", "民盟盟员": "民盟",
	"中国民主建国会": "民建", "民建会员": "民建",
	"中国民主促进会": "民进", "民进会员": "民进",
	"中国农工民主党": "农工党", "农工民主党": "农工党", "农工": "农工党", "农工党党员": "农工党",
	"中国致公党": "致公党", "致公": "致公党", "致公党党员": "致公党",
	"九三": "九三学社", "九三学社社员": "九三学社",
	"台湾民主自治同盟": "台盟", "台盟盟员": "台盟",
	"群众": "无党派", "无": "无党派", "无党派人士": "无党派", "无党派民主人士": "无党派",
}

// ethnicGroups are the 56 nationalities without the final 族.
var ethnicGroups = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎
		傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米
		塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺`) {
		ethnicGroups[n] = true
	}
}

// ethnicity returns the full name of a nationality (汉 → 汉族) and whether
// it is one of the 56.
func ethnicity(s string) (string, bool) {
	base := strings.TrimSuffix(s, "族")
	if !ethnicGroups[base] {
		return s, false
	}
	return base + "族", true
}

func partyKey(s string) string {
	if v, ok := partyAliases[s]; ok {
		return v
	}
	return s
}

// sectorKey lets 教育界 stand for 教育.
func sectorKey(s string) string {
	if t := strings.TrimSuffix(s, "界"); t != "" {
		return t
	}
	return s
}

// committeeKey lets 提案委, 提案委员会 and 提案专委会 stand for each other.
func committeeKey(s string) string {
	for _, suffix := range []string{"专门委员会", "专委会", "委员会", "委"} {
		if t := strings.TrimSuffix(s, suffix); t != s && t != "" {
			return t
		}
	}
	return s
}

// matcher finds a value in one of the committee's lists, allowing the forms
// key maps to the same thing.
type matcher struct {
	label string // 党派, 界别, 专委会
	names []string
	byKey map[string]string
	key   func(string) string
}

func newMatcher(label string, names []string, key func(string) string) *matcher {
	m := &matcher{label: label, byKey: map[string]string{}, key: key}
	for _, n := range names {
		n = normalize(n)
		if n == "" || contains(m.names, n) {
			continue
		}
		m.names = append(m.names, n)
		if _, dup := m.byKey[key(n)]; !dup {
			m.byKey[key(n)] = n
		}
	}
	return m
}

// match returns the list's spelling of v. An empty list matches anything.
func (m *matcher) match(v string) (string, bool) {
	if len(m.names) == 0 || contains(m.names, v) {
		return v, true
	}
	n, ok := m.byKey[m.key(v)]
	return n, ok
}

// maxListed is the longest list an unknown-name message spells out.
const maxListed = 12

// unknown says that v is not in the list: with the list when it is short,
// else with the closest name when one is close enough.
func (m *matcher) unknown(v string) string {
	msg := fmt.Sprintf("%s“%s”不在本届%s名单中", m.label, v, m.label)
	if len(m.names) <= maxListed {
		return msg + ",可选:" + strings.Join(m.names, "、")
	}
	if s, ok := closest(v, m.names); ok {
		return msg + ",是否为“" + s + "”?"
	}
	return msg + ",请核对"
}

// closest returns the name most like v: one containing v or contained in
// it if any, else the nearest by edit distance, if it shares at least half
// of the longer string.
func closest(v string, names []string) (string, bool) {
	best, bestD, bestSub := "", 1<<30, false
	for _, n := range names {
		d := editDistance(v, n)
		sub := strings.Contains(n, v) || strings.Contains(v, n)
		if sub && !bestSub || sub == bestSub && d < bestD {
			best, bestD, bestSub = n, d, sub
		}
	}
	if best == "" {
		return "", false
	}
	longest := max(utf8.RuneCountInString(v), utf8.RuneCountInString(best))
	return best, bestSub || 2*bestD <= longest
}

// editDistance is the Levenshtein distance between a and b in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
