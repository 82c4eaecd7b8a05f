package names

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPinyinAndInitials(t *testing.T) {
	tests := []struct {
		name, pinyin, initials string
	}{
		{"张宏伟", "zhanghongwei", "zhw"},
		{"王芳", "wangfang", "wf"},
		{" 李 建国 ", "lijianguo", "ljg"},
		{"吕丽", "lvli", "ll"},
		{"马长青", "machangqing", "mcq"},
		{"阿不都·热合曼", "abudureheman", "abdrhm"},
		{"阿依古丽•买买提", "ayigulimaimaiti", "ayglmmt"},
		{"李Anna", "lianna", "la"},
		{"Zhang San", "zhangsan", "zs"},
		{"王2", "wang2", "w2"},
		{"", "", ""},
		{"·", "", ""},
		// Surnames whose reading differs from the common word.
		{"单明", "shanming", "sm"},
		{"曾伟", "zengwei", "zw"},
		{"解放", "xiefang", "xf"},
		{"仇军", "qiujun", "qj"},
		{"朴成", "piaocheng", "pc"},
		{"区华", "ouhua", "oh"},
		{"查良", "zhaliang", "zl"},
		{"乐平", "yueping", "yp"},
		{"盖军", "gejun", "gj"},
		{"覃海", "qinhai", "qh"},
		{"翟亮", "zhailiang", "zl"},
		{"缪丽", "miaoli", "ml"},
		{"召杰", "shaojie", "sj"},
		{"华强", "huaqiang", "hq"},
		{"纪红", "jihong", "jh"},
		{"种明", "chongming", "cm"},
		{"员军", "yunjun", "yj"},
		{"黑峰", "hefeng", "hf"},
		{"繁勇", "poyong", "py"},
		{"那英", "naying", "ny"},
		{"任重", "renzhong", "rz"},
		{"沈阳", "shenyang", "sy"},
		{"秘书", "bishu", "bs"},
		{"隗杰", "weijie", "wj"},
		{"尉军", "yujun", "yj"},
		{"薄一", "boyi", "by"},
		// Compound surnames.
		{"欧阳修", "ouyangxiu", "oyx"},
		{"司马光", "simaguang", "smg"},
		{"上官婉儿", "shangguanwaner", "sgwe"},
		{"诸葛亮", "zhugeliang", "zgl"},
		{"尉迟恭", "yuchigong", "ycg"},
		{"长孙无忌", "zhangsunwuji", "zswj"},
		{"令狐冲", "linghuchong", "lhc"},
		{"皇甫明", "huangfuming", "hfm"},
		{"东方红", "dongfanghong", "dfh"},
		{"慕容雪", "murongxue", "mrx"},
		{"司徒雷", "situlei", "stl"},
		{"夏侯杰", "xiahoujie", "xhj"},
		{"公孙策", "gongsunce", "gsc"},
		// The correction applies to the first characters only.
		{"李单", "lidan", "ld"},
		{"王曾", "wangceng", "wc"},
	}
	for _, tt := range tests {
		if got := Pinyin(tt.name); got != tt.pinyin {
			t.Errorf("Pinyin(%q) = %q, want %q", tt.name, got, tt.pinyin)
		}
		if got := Initials(tt.name); got != tt.initials {
			t.Errorf("Initials(%q) = %q, want %q", tt.name, got, tt.initials)
		}
	}
}

func TestSearchKeys(t *testing.T) {
	tests := []struct {
		name string
		want []string
	}{
		{"张宏伟", []string{"张宏伟", "zhanghongwei", "zhw"}},
		{" 尉迟恭 ", []string{"尉迟恭", "yuchigong", "ycg"}},
		{"anna", []string{"anna", "a"}},
		{"a", []string{"a"}},
		{"  ", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := SearchKeys(tt.name); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SearchKeys(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestTablesAgree checks that every surname in the tables is a Han
// character and every reading is plain lowercase ASCII.
func TestTablesAgree(t *testing.T) {
	plain := func(s string) bool {
		return s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyz") == ""
	}
	for s, r := range compoundSurnames {
		if utf8.RuneCountInString(s) != 2 || !plain(r[0]) || !plain(r[1]) {
			t.Errorf("compound surname %q: %q", s, r)
		}
	}
	for s, r := range surnameReadings {
		if !plain(r) {
			t.Errorf("surname %q: %q", s, r)
		}
	}
	for s, r := range givenReadings {
		if !plain(r) {
			t.Errorf("given-name character %q: %q", s, r)
		}
	}
}

func FuzzNames(f *testing.F) {
	for _, s := range []string{"张宏伟", "尉迟恭", "阿不都·热合曼", "李Anna", "", "\xff\xfe", "单", "𠀀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, i := Pinyin(s), Initials(s)
		if !utf8.ValidString(p) || !utf8.ValidString(i) {
			t.Fatalf("invalid UTF-8 from %q: %q %q", s, p, i)
		}
		if utf8.RuneCountInString(i) > utf8.RuneCountInString(p) {
			t.Fatalf("initials %q longer than pinyin %q", i, p)
		}
		if strings.ToLower(p) != p {
			t.Fatalf("pinyin %q not lowercase", p)
		}
		for _, k := range SearchKeys(s) {
			if k == "" {
				t.Fatalf("empty search key for %q", s)
			}
		}
	})
}
