package demodata

import (
	"fmt"
	"time"

	"xieshang/internal/idcard"
)

// mobile returns an unused 11-digit number starting 13x, 15x or 18x.
func (g *gen) mobile() string {
	r := g.rng
	for {
		second, third := "358"[r.IntN(3)], r.IntN(10)
		if second == '5' && third == 4 {
			continue // 154 is not issued
		}
		m := fmt.Sprintf("1%c%d%08d", second, third, r.IntN(100_000_000))
		if !g.used.mobiles[m] {
			g.used.mobiles[m] = true
			return m
		}
	}
}

// idNumber returns an unused identity number for a person born on birth,
// registered in the committee's region or, now and then, elsewhere in the
// demo city.
func (g *gen) idNumber(birth time.Time, male bool) string {
	r := g.rng
	region := g.place.region
	if g.place.city || r.IntN(100) < 20 {
		region = pick(r, cityRegions)
	}
	for {
		id := idcard.Make(region, birth, male, r.IntN(500))
		if !g.used.ids[id] {
			g.used.ids[id] = true
			return id
		}
	}
}
