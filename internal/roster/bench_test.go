package roster

import (
	"bytes"
	"io"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The benchmarks come in pairs: a baseline doing only what excelize must
// (read every row; stream-write every row) beside ours doing the same with
// all the checks, so the cost of the checks is the ratio of the two.

var sheet10k = sync.OnceValue(func() []byte { return bigSheet(panicTB{}, 10000) })

var rows10k = sync.OnceValue(func() []Row {
	rows := make([]Row, 10000)
	for i := range rows {
		rows[i] = member(i)
	}
	return rows
})

// BenchmarkReadRows10k is the baseline of BenchmarkParse10k: open the
// workbook and read every row's raw values, nothing else.
func BenchmarkReadRows10k(b *testing.B) {
	data := sheet10k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		rows, err := f.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			cells, err := rows.Columns(rawValues)
			if err != nil {
				b.Fatal(err)
			}
			n += len(cells)
		}
		rows.Close()
		f.Close()
		if n != 10001*11 {
			b.Fatalf("read %d cells", n)
		}
	}
}

func BenchmarkParse10k(b *testing.B) {
	data := sheet10k()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := Parse(bytes.NewReader(data), int64(len(data)), testLists, knownMobiles{}, func(int, int) {})
		if err != nil || len(res.Rows) != 10000 || len(res.Problems) != 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkStreamWrite10k is the baseline of BenchmarkExport10k: stream
// 10,000 rows of eleven ready strings into a workbook.
func BenchmarkStreamWrite10k(b *testing.B) {
	cells := make([][]any, 10000)
	for i, r := range rows10k() {
		cells[i] = cellsOf(r)
	}
	b.ReportAllocs()
	for b.Loop() {
		f := excelize.NewFile()
		sw, err := f.NewStreamWriter("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		for i, c := range cells {
			if err := sw.SetRow("A"+strconv.Itoa(i+1), c); err != nil {
				b.Fatal(err)
			}
		}
		if err := sw.Flush(); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

func BenchmarkExport10k(b *testing.B) {
	rows := rows10k()
	b.ReportAllocs()
	for b.Loop() {
		if err := Export(io.Discard, "示范市政协第十一届委员名单", slices.Values(rows), false); err != nil {
			b.Fatal(err)
		}
	}
}

// panicTB lets the sheet be built outside a test.
type panicTB struct{ testing.TB }

func (panicTB) Fatal(args ...any) { panic(args) }
