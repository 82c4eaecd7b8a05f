package demodata

import (
	"fmt"
	"slices"
	"strings"
)

// Leadership titles.
const (
	TitleChair     = "主席"
	TitleViceChair = "副主席"
	TitleSecretary = "秘书长"
)

// leaders appoints the chair, the vice-chairs and the secretary-general,
// and makes one member of each democratic party's sector its 主委. It
// returns the members it appointed, who take no further office.
func (g *gen) leaders(d *Data) map[int]bool {
	r := g.rng
	reserved := map[int]bool{}
	office := g.place.full + "政协" // 示范市政协, 东城区政协
	bySector := membersBySector(d.Members)
	// free returns a member of sector not yet appointed, born 1972 or
	// earlier if possible, or -1.
	free := func(sector string) int {
		var older, all []int
		for _, i := range bySector[sector] {
			if !reserved[i] {
				all = append(all, i)
				if d.Members[i].BirthYear <= 1972 {
					older = append(older, i)
				}
			}
		}
		switch {
		case len(older) > 0:
			return pick(r, older)
		case len(all) > 0:
			return pick(r, all)
		}
		return -1
	}
	appoint := func(i int, title, employer string) {
		m := &d.Members[i]
		if title != "" {
			m.Titles = append(m.Titles, title)
			m.SpecialCommittees = nil // leaders sit on no special committee
		}
		m.EmployerTitle = employer
		m.Standing = true
		reserved[i] = true
	}

	if i := free("中共"); i >= 0 {
		appoint(i, TitleChair, office+TitleChair)
	}
	viceFromCPC, viceFromParties := 2, 3
	if !g.place.city {
		viceFromCPC, viceFromParties = 1, 2
	}
	for range viceFromCPC {
		if i := free("中共"); i >= 0 {
			appoint(i, TitleViceChair, office+TitleViceChair)
		}
	}
	var democratic []string
	for _, p := range d.Parties {
		if _, ok := partyOrgs[p]; ok && len(bySector[p]) > 0 {
			democratic = append(democratic, p)
		}
	}
	r.Shuffle(len(democratic), func(a, b int) { democratic[a], democratic[b] = democratic[b], democratic[a] })
	for k, p := range democratic {
		chair := fmt.Sprintf(partyOrgs[p], g.place.full) + "主委"
		i := free(p) // never -1: the sector has members and none is appointed yet
		if k < viceFromParties {
			appoint(i, TitleViceChair, office+TitleViceChair+"、"+chair)
		} else {
			appoint(i, "", chair)
		}
	}
	if i := free("无党派"); i >= 0 {
		appoint(i, TitleViceChair, office+TitleViceChair+"、"+d.Members[i].EmployerTitle)
	}
	if i := free("中共"); i >= 0 {
		appoint(i, TitleSecretary, office+TitleSecretary)
	}
	return reserved
}

// specialCommittees builds the committees from the members' memberships
// and appoints a head (a full-time post, preferably held by a 中共 member)
// and deputies among the members not reserved. A committee too small for
// that first drafts members who sit on no committee.
func (g *gen) specialCommittees(members []Member, names []string, reserved map[int]bool) []SpecialCommittee {
	r := g.rng
	deputies := 2
	if !g.place.city {
		deputies = 1
	}
	free := func(name string) []int {
		var c []int
		for i, m := range members {
			if !reserved[i] && slices.Contains(m.SpecialCommittees, name) {
				c = append(c, i)
			}
		}
		return c
	}
	for _, name := range names {
		for len(free(name)) < 1+deputies {
			members[g.draft(members, reserved)].SpecialCommittees = []string{name}
		}
	}
	out := make([]SpecialCommittee, len(names))
	for k, name := range names {
		c := &out[k]
		c.Name = name
		for i, m := range members {
			if slices.Contains(m.SpecialCommittees, name) {
				c.Members = append(c.Members, i)
			}
		}
		candidates := free(name)
		var cpc []int
		for _, i := range candidates {
			if members[i].Party == "中共" {
				cpc = append(cpc, i)
			}
		}
		c.Head = pick(r, candidates)
		if len(cpc) > 0 {
			c.Head = pick(r, cpc)
		}
		members[c.Head].EmployerTitle = g.place.full + "政协" + name + "主任"
		members[c.Head].Standing = true
		reserved[c.Head] = true
		r.Shuffle(len(candidates), func(a, b int) { candidates[a], candidates[b] = candidates[b], candidates[a] })
		for _, i := range candidates {
			if len(c.Deputies) == deputies {
				break
			}
			if i != c.Head {
				c.Deputies = append(c.Deputies, i)
			}
		}
	}
	return out
}

// draft returns a member not reserved, preferring one on no committee.
// Drafting from another committee could starve it in turn; with the sizes
// generated here members on no committee are always plentiful.
func (g *gen) draft(members []Member, reserved map[int]bool) int {
	var none, all []int
	for i, m := range members {
		if reserved[i] {
			continue
		}
		all = append(all, i)
		if len(m.SpecialCommittees) == 0 {
			none = append(none, i)
		}
	}
	if len(none) > 0 {
		return pick(g.rng, none)
	}
	return pick(g.rng, all)
}

// fillStanding makes random members 常委 until there are target of them.
func (g *gen) fillStanding(members []Member, target int) {
	var rest []int
	count := 0
	for i, m := range members {
		if m.Standing {
			count++
		} else {
			rest = append(rest, i)
		}
	}
	g.rng.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
	for _, i := range rest {
		if count >= target {
			break
		}
		members[i].Standing = true
		count++
	}
}

// conveners picks one or two conveners for each sector among its members
// without a leadership title, 常委 first.
func (g *gen) conveners(d *Data) {
	r := g.rng
	bySector := membersBySector(d.Members)
	for k := range d.Sectors {
		s := &d.Sectors[k]
		var c []int
		for _, i := range bySector[s.Name] {
			if len(d.Members[i].Titles) == 0 {
				c = append(c, i)
			}
		}
		if len(c) == 0 {
			c = slices.Clone(bySector[s.Name])
		}
		r.Shuffle(len(c), func(a, b int) { c[a], c[b] = c[b], c[a] })
		slices.SortStableFunc(c, func(a, b int) int {
			return boolInt(d.Members[b].Standing) - boolInt(d.Members[a].Standing)
		})
		n := 1
		if len(c) >= 8 && r.IntN(2) == 0 {
			n = 2
		}
		s.Conveners = c[:min(n, len(c))]
	}
}

func (g *gen) handlingUnits() []Unit {
	if g.place.city {
		return slices.Clone(cityUnits)
	}
	out := make([]Unit, len(districtUnits))
	for i, u := range districtUnits {
		out[i] = Unit{Name: strings.ReplaceAll(u.Name, "{p}", g.place.full), Kind: u.Kind}
	}
	return out
}

func (g *gen) participatingUnits(parties []string) []Unit {
	var out []Unit
	for _, p := range parties {
		if org, ok := partyOrgs[p]; ok {
			out = append(out, Unit{Name: fmt.Sprintf(org, g.place.full), Kind: KindParty})
		}
	}
	for _, o := range groupOrgs {
		out = append(out, Unit{Name: strings.ReplaceAll(o, "{p}", g.place.full), Kind: KindGroup})
	}
	return out
}

func membersBySector(members []Member) map[string][]int {
	by := map[string][]int{}
	for i, m := range members {
		by[m.Sector] = append(by[m.Sector], i)
	}
	return by
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
