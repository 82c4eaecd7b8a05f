package docx

import (
	"archive/zip"
	"io"
	"time"
)

// dosEpoch is the earliest time a zip entry can carry.
var dosEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteTo writes d as a .docx file to w and returns the number of bytes
// written. The zip entries are dated Properties.Created (in UTC), or
// 1980-01-01 when it is zero or earlier, so the bytes depend only on the
// document. WriteTo does not change d: it can be called again, and more
// blocks appended in between. If d was misused it writes nothing and
// returns that error.
func (d *Document) WriteTo(w io.Writer) (int64, error) {
	if d.err != nil {
		return 0, d.err
	}
	mod := d.props.Created.UTC().Truncate(time.Second)
	if mod.Before(dosEpoch) {
		mod = dosEpoch
	}
	cw := &countingWriter{w: w}
	zw := zip.NewWriter(cw)
	for _, p := range d.parts() {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: mod})
		if err != nil {
			return cw.n, err
		}
		for _, c := range p.chunks {
			if _, err := f.Write(c); err != nil {
				return cw.n, err
			}
		}
	}
	err := zw.Close()
	return cw.n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
