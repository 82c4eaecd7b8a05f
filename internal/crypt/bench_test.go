package crypt

import "testing"

const benchValue = "13800138000"

// BenchmarkCopy is the baseline: what a plaintext column costs.
func BenchmarkCopy(b *testing.B) {
	var sink []byte
	for b.Loop() {
		sink = []byte(benchValue)
	}
	_ = sink
}

func BenchmarkSeal(b *testing.B) {
	for _, alg := range algs {
		c := mustNew(b, alg, GenerateKey())
		b.Run(alg, func(b *testing.B) {
			for b.Loop() {
				c.Seal(benchValue, "member.mobile")
			}
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, alg := range algs {
		c := mustNew(b, alg, GenerateKey())
		s := c.Seal(benchValue, "member.mobile")
		b.Run(alg, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.Open(s, "member.mobile"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkIndex(b *testing.B) {
	c := mustNew(b, SM4GCM, GenerateKey())
	for b.Loop() {
		c.Index("mobile", benchValue)
	}
}
