package demodata

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"xieshang/internal/idcard"
)

var seeds = []int64{1, 2, 42, -7}

// committees returns the city committee and its districts.
func committees(d Data) []Data { return append([]Data{d}, d.Districts...) }

func TestDeterministic(t *testing.T) {
	a, b := Generate(1), Generate(1)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("the same seed gave different data")
	}
	if c := Generate(2); reflect.DeepEqual(a.Members, c.Members) {
		t.Fatal("different seeds gave the same members")
	}
	x, y := GenerateDistrict(5, "示范市东城区政协", 80), GenerateDistrict(5, "示范市东城区政协", 80)
	if !reflect.DeepEqual(x, y) {
		t.Fatal("GenerateDistrict is not deterministic")
	}
	if z := GenerateDistrict(5, "示范市西城区政协", 80); reflect.DeepEqual(x.Members, z.Members) {
		t.Fatal("different districts gave the same members")
	}
}

func TestCounts(t *testing.T) {
	d := Generate(1)
	if d.Name != City || len(d.Members) != CityMembers || len(d.Sectors) != 25 ||
		len(d.SpecialCommittees) != 8 || len(d.HandlingUnits) < 40 || len(d.ParticipatingUnits) < 10 {
		t.Errorf("city: %s, %d members, %d sectors, %d special committees, %d handling units, %d participating units",
			d.Name, len(d.Members), len(d.Sectors), len(d.SpecialCommittees), len(d.HandlingUnits), len(d.ParticipatingUnits))
	}
	if len(d.Districts) != len(DistrictNames) {
		t.Fatalf("%d districts", len(d.Districts))
	}
	for i, dd := range d.Districts {
		if dd.Name != DistrictNames[i] || len(dd.Members) != DistrictMembers || len(dd.Sectors) < 15 ||
			len(dd.SpecialCommittees) != 5 || len(dd.HandlingUnits) < 15 || dd.Districts != nil {
			t.Errorf("district %s: %d members, %d sectors, %d special committees, %d handling units",
				dd.Name, len(dd.Members), len(dd.Sectors), len(dd.SpecialCommittees), len(dd.HandlingUnits))
		}
	}
	if n := len(GenerateDistrict(3, "示范市北城区政协", 60).Members); n != 60 {
		t.Errorf("GenerateDistrict(…, 60): %d members", n)
	}
}

func TestNumbersAreUniqueAndValid(t *testing.T) {
	mobileRE := regexp.MustCompile(`^1(3\d|5[0-35-9]|8\d)\d{8}$`)
	for _, seed := range seeds {
		mobiles, ids := map[string]bool{}, map[string]bool{}
		for _, c := range committees(Generate(seed)) {
			for _, m := range c.Members {
				if !mobileRE.MatchString(m.Mobile) {
					t.Errorf("%s %s: mobile %q", c.Name, m.Name, m.Mobile)
				}
				if mobiles[m.Mobile] || ids[m.IDNumber] {
					t.Errorf("%s %s: mobile or ID number repeated", c.Name, m.Name)
				}
				mobiles[m.Mobile], ids[m.IDNumber] = true, true
				info, err := idcard.Parse("id", m.IDNumber)
				if err != nil {
					t.Errorf("%s %s: %q: %v", c.Name, m.Name, m.IDNumber, err)
					continue
				}
				if !info.Birth.Equal(m.Birth()) || info.Male != m.Male() || !strings.HasPrefix(info.Region, "6499") {
					t.Errorf("%s %s: ID %s disagrees with %s %d-%d-%d", c.Name, m.Name, m.IDNumber,
						m.Gender, m.BirthYear, m.BirthMonth, m.BirthDay)
				}
			}
		}
	}
}

func TestReferences(t *testing.T) {
	for _, seed := range seeds {
		for _, d := range committees(Generate(seed)) {
			checkReferences(t, d)
		}
	}
}

func checkReferences(t *testing.T, d Data) {
	t.Helper()
	sectors := map[string]bool{}
	for _, s := range d.Sectors {
		sectors[s.Name] = true
		if len(s.Conveners) < 1 || len(s.Conveners) > 2 {
			t.Errorf("%s %s: %d conveners", d.Name, s.Name, len(s.Conveners))
		}
		for _, i := range s.Conveners {
			if d.Members[i].Sector != s.Name {
				t.Errorf("%s %s: convener %s is of sector %s", d.Name, s.Name, d.Members[i].Name, d.Members[i].Sector)
			}
		}
	}
	onCommittee := map[string][]int{}
	for i, m := range d.Members {
		if !slices.Contains(d.Parties, m.Party) || !sectors[m.Sector] {
			t.Errorf("%s %s: party %s or sector %s not listed", d.Name, m.Name, m.Party, m.Sector)
		}
		if slices.Contains(d.Parties, m.Sector) && m.Party != m.Sector {
			t.Errorf("%s %s: in sector %s but party %s", d.Name, m.Name, m.Sector, m.Party)
		}
		if m.Sector == "宗教" && m.Party == "中共" || m.Sector == "少数民族" && m.Ethnicity == "汉族" {
			t.Errorf("%s %s: %s, %s, %s", d.Name, m.Name, m.Sector, m.Party, m.Ethnicity)
		}
		if m.Name == "" || m.EmployerTitle == "" || (m.Gender != "男" && m.Gender != "女") || m.Ethnicity == "" ||
			m.BirthYear < 1958 || m.BirthYear > 1992 {
			t.Errorf("%s: incomplete member %+v", d.Name, m)
		}
		for _, c := range m.SpecialCommittees {
			onCommittee[c] = append(onCommittee[c], i)
		}
	}
	for _, c := range d.SpecialCommittees {
		if !reflect.DeepEqual(c.Members, onCommittee[c.Name]) {
			t.Errorf("%s %s: Members %v, but members name it: %v", d.Name, c.Name, c.Members, onCommittee[c.Name])
		}
		if !slices.Contains(c.Members, c.Head) || !d.Members[c.Head].Standing || len(c.Deputies) == 0 {
			t.Errorf("%s %s: head %d, deputies %v", d.Name, c.Name, c.Head, c.Deputies)
		}
		for _, i := range c.Deputies {
			if i == c.Head || !slices.Contains(c.Members, i) {
				t.Errorf("%s %s: deputy %d", d.Name, c.Name, i)
			}
		}
		delete(onCommittee, c.Name)
	}
	if len(onCommittee) > 0 {
		t.Errorf("%s: members on unknown committees %v", d.Name, onCommittee)
	}
}

func TestShares(t *testing.T) {
	for _, seed := range seeds {
		for _, d := range committees(Generate(seed)) {
			n := float64(len(d.Members))
			count := func(ok func(Member) bool) float64 {
				k := 0
				for _, m := range d.Members {
					if ok(m) {
						k++
					}
				}
				return float64(k) / n
			}
			shares := []struct {
				what     string
				share    float64
				min, max float64
			}{
				{"中共", count(func(m Member) bool { return m.Party == "中共" }), 0.30, 0.50},
				{"无党派", count(func(m Member) bool { return m.Party == "无党派" }), 0.12, 0.30},
				{"回族", count(func(m Member) bool { return m.Ethnicity == "回族" }), 0.05, 0.25},
				{"女", count(func(m Member) bool { return !m.Male() }), 0.2, 0.45},
				{"常委", count(func(m Member) bool { return m.Standing }), 0.10, 0.14},
			}
			for _, s := range shares {
				if s.share < s.min || s.share > s.max {
					t.Errorf("seed %d, %s: %s %.2f, want %.2f–%.2f", seed, d.Name, s.what, s.share, s.min, s.max)
				}
			}
			titles := map[string]int{}
			names := map[string]bool{}
			repeats := 0
			for _, m := range d.Members {
				for _, title := range m.Titles {
					titles[title]++
					if !m.Standing {
						t.Errorf("%s %s: %s but not 常委", d.Name, m.Name, title)
					}
				}
				if names[m.Name] {
					repeats++
				}
				names[m.Name] = true
			}
			if titles[TitleChair] != 1 || titles[TitleSecretary] != 1 || titles[TitleViceChair] < 3 {
				t.Errorf("%s: titles %v", d.Name, titles)
			}
			if float64(repeats) > 0.02*n {
				t.Errorf("%s: %d repeated names", d.Name, repeats)
			}
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(1)
	}
}
