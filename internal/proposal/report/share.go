package report

import (
	"slices"
	"strconv"
)

// Share is a count out of a total, with its percentage rounded to one
// decimal and kept in tenths of a percent (542 is 54.2%), so that what is
// shown is exactly what was computed and sums can be checked in integers.
//
// A share with Total 0 is undefined: its Tenths is 0 and String shows "—"
// (an em dash), never 0.0% and never the result of dividing by zero.
type Share struct {
	Count  int
	Total  int
	Tenths int
}

// Valid reports whether the share is defined, that is whether Total > 0.
func (s Share) Valid() bool { return s.Total > 0 }

// Percent returns the rounded percentage, as 54.2, or 0 for an undefined
// share.
func (s Share) Percent() float64 { return float64(s.Tenths) / 10 }

// Fraction returns the rounded share as a fraction of one, as 0.542, the
// value a spreadsheet cell formatted 0.0% holds.
func (s Share) Fraction() float64 { return float64(s.Tenths) / 1000 }

// String returns the percentage as the report prints it, "54.2%", or "—"
// when the share is undefined.
func (s Share) String() string {
	if !s.Valid() {
		return "—"
	}
	return strconv.Itoa(s.Tenths/10) + "." + strconv.Itoa(s.Tenths%10) + "%"
}

// rate returns count out of total rounded half up to a tenth of a percent:
// the rounding of a figure that stands alone (办复率, 面商率), not one line of
// a table that must add up.
func rate(count, total int) Share {
	s := Share{Count: count, Total: total}
	if total > 0 {
		s.Tenths = (count*2000 + total) / (2 * total)
	}
	return s
}

// shares returns the shares of counts in their sum, rounded by the largest
// remainder method so that they add up to exactly 100.0% (1000 tenths):
// each share is first rounded down, and the tenths still missing go one
// each to the shares with the largest remainders, the earlier line first
// on a tie. Each share is therefore its exact value rounded either down or
// up, never further, and a zero count always gets 0.0%. When the counts sum
// to 0 every share is undefined.
func shares(counts []int) []Share {
	total := 0
	for _, c := range counts {
		total += c
	}
	out := make([]Share, len(counts))
	if total == 0 {
		for i, c := range counts {
			out[i] = Share{Count: c}
		}
		return out
	}
	rem := make([]int, len(counts))
	missing := 1000
	for i, c := range counts {
		out[i] = Share{Count: c, Total: total, Tenths: c * 1000 / total}
		rem[i] = c * 1000 % total
		missing -= out[i].Tenths
	}
	order := make([]int, len(counts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rem[b] - rem[a] })
	for _, i := range order[:missing] {
		out[i].Tenths++
	}
	return out
}

// sumTenths returns the share of several lines of one table taken together:
// their counts and their rounded tenths added, so that the figure agrees
// with the table.
func sumTenths(ss ...Share) Share {
	var s Share
	for _, x := range ss {
		s.Count += x.Count
		s.Total = x.Total
		s.Tenths += x.Tenths
	}
	return s
}
