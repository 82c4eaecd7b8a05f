package demodata

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
)

// Sizes of the generated committees.
const (
	CityMembers     = 400
	DistrictMembers = 150
)

// Generate returns the city committee with CityMembers members and, in
// Districts, one committee of DistrictMembers members for each of
// DistrictNames. Mobile and identity numbers are unique across all of them.
// The same seed gives the same Data; a different seed, different people.
func Generate(seed int64) Data {
	used := newUniques()
	d := generate(seed, placeOf(City), CityMembers, used)
	for _, name := range DistrictNames {
		d.Districts = append(d.Districts, generate(seed, placeOf(name), DistrictMembers, used))
	}
	return d
}

// GenerateDistrict returns a district committee named name (such as
// 示范市东城区政协) with n members, its mobile and identity numbers unique
// within it. The same arguments give the same Data.
func GenerateDistrict(seed int64, name string, n int) Data {
	return generate(seed, placeOf(name), n, newUniques())
}

// place is where a committee sits.
type place struct {
	committee string // 示范市政协
	full      string // 示范市, 东城区, 示范县: the prefix of local employers
	region    string // the region code of the identity numbers of its people
	city      bool
}

// cityRegions are the fictional region codes of the city and its districts.
var cityRegions = []string{"649901", "649902", "649903", "649904"}

func placeOf(committee string) place {
	if committee == City {
		return place{committee: City, full: "示范市", region: cityRegions[0], city: true}
	}
	full := strings.TrimPrefix(strings.TrimSuffix(committee, "政协"), "示范市")
	if full == "" {
		full = committee
	}
	region := "649909"
	if i := slices.Index(DistrictNames, committee); i >= 0 && i+1 < len(cityRegions) {
		region = cityRegions[i+1]
	}
	return place{committee: committee, full: full, region: region}
}

// uniques holds the numbers already given out, shared by the committees of
// one Generate call.
type uniques struct{ mobiles, ids map[string]bool }

func newUniques() *uniques {
	return &uniques{mobiles: map[string]bool{}, ids: map[string]bool{}}
}

// gen generates one committee.
type gen struct {
	rng   *rand.Rand
	place place
	used  *uniques
	names map[string]bool
	deck  []string // parties still to deal to members of mixed sectors
}

func generate(seed int64, p place, n int, used *uniques) Data {
	h := fnv.New64a()
	h.Write([]byte(p.committee))
	g := &gen{
		rng:   rand.New(rand.NewPCG(uint64(seed), h.Sum64())),
		place: p,
		used:  used,
		names: map[string]bool{},
	}
	parties, committees := cityParties, citySpecialCommittees
	if !p.city {
		parties, committees = districtParties, districtSpecialCommittees
	}
	var specs []sectorSpec
	for _, s := range sectorSpecs {
		if (p.city || s.district) && (s.party == "" || slices.Contains(parties, s.party)) {
			specs = append(specs, s)
		}
	}
	d := Data{Name: p.committee, Parties: slices.Clone(parties)}
	weights := make([]int, len(specs))
	for i, s := range specs {
		weights[i] = s.weight
	}
	counts := apportion(n, weights)
	mixed := 0
	for i, s := range specs {
		if s.party == "" {
			mixed += counts[i]
		}
	}
	g.deck = g.partyDeck(mixed, parties)
	for i, count := range counts {
		d.Sectors = append(d.Sectors, Sector{Name: specs[i].name})
		for range count {
			d.Members = append(d.Members, g.member(specs[i], parties, committees))
		}
	}
	reserved := g.leaders(&d)
	d.SpecialCommittees = g.specialCommittees(d.Members, committees, reserved)
	g.fillStanding(d.Members, n*12/100)
	g.conveners(&d)
	d.HandlingUnits = g.handlingUnits()
	d.ParticipatingUnits = g.participatingUnits(parties)
	return d
}

// member returns a new member of sector s.
func (g *gen) member(s sectorSpec, parties, committees []string) Member {
	r := g.rng
	male := r.IntN(100) >= 30
	if s.name == sectorWomen {
		male = r.IntN(100) < 10
	}
	year := 1958 + (r.IntN(35)+r.IntN(35))/2 // peaks in the early 1970s
	if s.name == sectorYouth {
		year = 1983 + r.IntN(10)
	}
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(daysIn(year, month))

	m := Member{
		Gender:     gender(male),
		Ethnicity:  g.ethnicity(s.name),
		BirthYear:  year,
		BirthMonth: month,
		BirthDay:   day,
		Party:      g.party(s),
		Sector:     s.name,
	}
	m.Name = g.uniqueName(male, m.Ethnicity == "回族", year)
	switch {
	case s.name == sectorReligion && m.Ethnicity == "回族":
		m.EmployerTitle = g.job(islamJobs)
	case s.name == sectorReligion:
		m.EmployerTitle = g.job(otherFaith)
	default:
		m.EmployerTitle = g.job(jobs[pick(r, s.jobs)])
	}
	switch c := r.IntN(100); {
	case c < 70 && slices.Contains(committees, s.committee):
		m.SpecialCommittees = []string{s.committee}
	case c < 92:
		m.SpecialCommittees = []string{pick(r, committees)}
	}
	m.Mobile = g.mobile()
	m.IDNumber = g.idNumber(m.Birth(), male)
	return m
}

func (g *gen) ethnicity(sector string) string {
	r := g.rng
	switch sector {
	case sectorMinority:
		ws := make([]int, len(minorities))
		for i, m := range minorities {
			ws[i] = m.weight
		}
		return minorities[weighted(r, ws)].name
	case sectorReligion:
		if r.IntN(100) < 70 {
			return "回族"
		}
		return "汉族"
	}
	switch c := r.IntN(100); {
	case c < 10:
		return "回族"
	case c < 11:
		return "满族"
	case c < 12:
		return "蒙古族"
	}
	return "汉族"
}

// partyDeck returns the parties of n members of mixed sectors, shuffled,
// in the proportions of mixedParties among those present, so that the
// shares come out the same for every seed.
func (g *gen) partyDeck(n int, parties []string) []string {
	var names []string
	var ws []int
	for _, p := range mixedParties {
		if slices.Contains(parties, p.name) {
			names = append(names, p.name)
			ws = append(ws, p.weight)
		}
	}
	var deck []string
	for i, k := range apportion(n, ws) {
		for range k {
			deck = append(deck, names[i])
		}
	}
	g.rng.Shuffle(len(deck), func(a, b int) { deck[a], deck[b] = deck[b], deck[a] })
	return deck
}

// party returns the party of a new member of s: the sector's own, or for a
// mixed sector the next one dealt from the deck. Religious figures are
// never 中共.
func (g *gen) party(s sectorSpec) string {
	if s.party != "" {
		return s.party
	}
	for k, p := range g.deck {
		if s.name != sectorReligion || p != "中共" {
			g.deck = slices.Delete(g.deck, k, k+1)
			return p
		}
	}
	return "无党派" // unreachable: the deck holds one card per mixed member
}

// uniqueName returns a name not yet used in the committee, or after a few
// tries a repeated one, as real rosters sometimes have.
func (g *gen) uniqueName(male, hui bool, year int) string {
	var n string
	for range 20 {
		n = g.name(male, hui, year)
		if !g.names[n] {
			break
		}
	}
	g.names[n] = true
	return n
}

func (g *gen) name(male, hui bool, year int) string {
	r := g.rng
	surname := surnames[weighted(r, surnameWeights)]
	if hui && r.IntN(100) < 70 {
		surname = pick(r, huiSurnames)
	}
	var men, women []string
	switch {
	case hui && r.IntN(2) == 0:
		men, women = huiMale, huiFemale
	case r.IntN(100) < 25:
		men, women = maleSingle, femaleSingle
	case year < 1975:
		men, women = maleOlder, femaleOlder
	default:
		men, women = maleYounger, femaleYounger
	}
	if male {
		return surname + pick(r, men)
	}
	return surname + pick(r, women)
}

func gender(male bool) string {
	if male {
		return "男"
	}
	return "女"
}

// surnameWeights make a surname's weight fall with its place in surnames.
var surnameWeights = func() []int {
	ws := make([]int, len(surnames))
	for i := range ws {
		ws[i] = 2000 / (i + 4)
	}
	return ws
}()

// district returns the place of a community or village: the committee's
// own district, or one of the city's.
func (g *gen) district() string {
	if g.place.city {
		return pick(g.rng, []string{"东城区", "西城区", "示范县"})
	}
	return g.place.full
}
