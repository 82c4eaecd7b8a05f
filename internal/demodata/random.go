package demodata

import (
	"math/rand/v2"
	"slices"
	"time"
)

func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// weighted returns an index of ws chosen with probability proportional to
// its weight.
func weighted(r *rand.Rand, ws []int) int {
	total := 0
	for _, w := range ws {
		total += w
	}
	x := r.IntN(total)
	for i, w := range ws {
		if x < w {
			return i
		}
		x -= w
	}
	return len(ws) - 1
}

// apportion splits n among weights by the largest-remainder method.
func apportion(n int, weights []int) []int {
	total := 0
	for _, w := range weights {
		total += w
	}
	counts := make([]int, len(weights))
	rems := make([]int, len(weights))
	given := 0
	for i, w := range weights {
		counts[i] = n * w / total
		rems[i] = n * w % total
		given += counts[i]
	}
	order := make([]int, len(weights))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b] - rems[a] })
	for _, i := range order[:n-given] {
		counts[i]++
	}
	return counts
}
