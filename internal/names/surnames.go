package names

// compoundSurnames are two-character surnames with their readings. They are
// matched before single surnames, so 尉迟 is yu chi and not wei chi.
// 单于 is left out on purpose: 单 followed by a given name starting with 于
// is far more common than the surname 单于.
var compoundSurnames = map[string][2]string{
	"欧阳": {"ou", "yang"},
	"司马": {"si", "ma"},
	"上官": {"shang", "guan"},
	"诸葛": {"zhu", "ge"},
	"尉迟": {"yu", "chi"},
	"长孙": {"zhang", "sun"},
	"令狐": {"ling", "hu"},
	"皇甫": {"huang", "fu"},
	"东方": {"dong", "fang"},
	"慕容": {"mu", "rong"},
	"司徒": {"si", "tu"},
	"夏侯": {"xia", "hou"},
	"公孙": {"gong", "sun"},
	"端木": {"duan", "mu"},
	"宇文": {"yu", "wen"},
	"万俟": {"mo", "qi"},
	"澹台": {"tan", "tai"},
	"呼延": {"hu", "yan"},
	"轩辕": {"xuan", "yuan"},
	"南宫": {"nan", "gong"},
	"西门": {"xi", "men"},
	"独孤": {"du", "gu"},
	"司空": {"si", "kong"},
	"申屠": {"shen", "tu"},
	"淳于": {"chun", "yu"},
	"钟离": {"zhong", "li"},
	"赫连": {"he", "lian"},
	"鲜于": {"xian", "yu"},
	"闻人": {"wen", "ren"},
	"拓跋": {"tuo", "ba"},
}

// surnameReadings are single-character surnames whose reading as a surname
// differs from the first reading in the dictionary, or might in a later
// version of it.
var surnameReadings = map[rune]string{
	'单': "shan",
	'曾': "zeng",
	'解': "xie",
	'仇': "qiu",
	'朴': "piao",
	'区': "ou",
	'查': "zha",
	'乐': "yue",
	'盖': "ge",
	'覃': "qin",
	'翟': "zhai",
	'缪': "miao",
	'召': "shao",
	'华': "hua",
	'纪': "ji",
	'种': "chong",
	'员': "yun",
	'黑': "he",
	'繁': "po",
	'那': "na",
	'任': "ren",
	'沈': "shen",
	'秘': "bi",
	'隗': "wei",
	'尉': "yu",
	'薄': "bo",
	'卜': "bu",
	'都': "du",
	'粘': "nian",
	'折': "she",
	'祭': "zhai",
	'能': "nai",
	'贲': "ben",
	'句': "gou",
	'长': "chang",
	'车': "che",
	'石': "shi",
	'柏': "bai",
	'燕': "yan",
	'朝': "chao",
	'相': "xiang",
	'宓': "mi",
	'阚': "kan",
	'谌': "chen",
	'冼': "xian",
	'逄': "pang",
	'莘': "shen",
}

// givenReadings correct characters common in given names whose first
// dictionary reading is not the one used in names (长青 is changqing).
var givenReadings = map[rune]string{
	'长': "chang",
	'晟': "sheng",
	'乐': "le",
	'重': "zhong",
	'都': "du", // 阿不都 and other transliterated names
}

// surname returns the readings of the surname that starts runes and how
// many runes it spans, or nil and 0 when the first character needs no
// correction.
func surname(runes []rune) ([]string, int) {
	if len(runes) >= 2 {
		if r, ok := compoundSurnames[string(runes[:2])]; ok {
			return []string{r[0], r[1]}, 2
		}
	}
	if len(runes) >= 1 {
		if r, ok := surnameReadings[runes[0]]; ok {
			return []string{r}, 1
		}
	}
	return nil, 0
}
