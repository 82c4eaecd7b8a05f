package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"

	"xieshang/internal/errs"
)

// Paging limits. maxFetch is the most items the services return per call
// (account.Service.Users and audit.Filter fall back to 50 above it).
const (
	defaultLimit = 50
	maxLimit     = 200
	maxFetch     = 200
)

// cursorVersion is the version of the cursor format; cursors of other
// versions are refused, so the format can change without misreading old
// cursors.
const cursorVersion = 1

// cursor is the content of the opaque cursor strings given out as
// next_cursor: the list it pages and the position of the last item
// returned: its key and, for lists ordered by text (members by the pinyin
// of their names), that text.
type cursor struct {
	V    int    `json:"v"`
	On   string `json:"on"`
	Key  int64  `json:"k"`
	Sort string `json:"s,omitempty"`
}

// maxCursorLen bounds the cursor strings accepted; the longest given out
// (a member's full pinyin of up to 32 characters) is well under it.
const maxCursorLen = 600

// listPos is where in a list a page ends: the key (id or seq) of the last
// item and, for lists ordered by text first, that item's sort text.
type listPos struct {
	Sort string
	Key  int64
}

// badCursor is the one message for every cursor that cannot be used.
const badCursor = "分页游标无效:请原样使用上一页返回的 next_cursor,或去掉 cursor 从第一页开始"

// encodeCursor returns the opaque cursor that continues list on after key.
func encodeCursor(on string, key int64) string {
	return encodePosition(on, listPos{Key: key})
}

// encodePosition returns the opaque cursor that continues list on after p.
func encodePosition(on string, p listPos) string {
	b, _ := json.Marshal(cursor{V: cursorVersion, On: on, Key: p.Key, Sort: p.Sort}) // always encodes
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor returns the key carried by s, a cursor given out for list
// on. Every error is an Invalid *errs.Error about the field "cursor".
func decodeCursor(on, s string) (int64, error) {
	p, err := decodePosition(on, s)
	return p.Key, err
}

// decodePosition returns the position carried by s, a cursor given out for
// list on. Every error is an Invalid *errs.Error about the field "cursor".
func decodePosition(on, s string) (listPos, error) {
	if len(s) > maxCursorLen {
		return listPos{}, errs.Field("cursor", badCursor)
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return listPos{}, fieldError(err, "cursor", badCursor)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c cursor
	if err := dec.Decode(&c); err != nil || dec.More() {
		return listPos{}, fieldError(err, "cursor", badCursor)
	}
	if c.V != cursorVersion || c.On != on || c.Key <= 0 {
		return listPos{}, errs.Field("cursor", badCursor)
	}
	return listPos{Sort: c.Sort, Key: c.Key}, nil
}

// page is a parsed ?cursor=&limit= pair. After is 0 and AfterSort "" on
// the first page.
type page struct {
	On        string
	After     int64
	AfterSort string // the sort text of the position, for lists ordered by text
	Limit     int
}

// parsePage reads the cursor and limit parameters of r for list on.
func parsePage(r *request, on string) (page, error) {
	p := page{On: on, Limit: defaultLimit}
	var c errs.Check
	if s := r.query("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > maxLimit {
			c.Add("limit", "每页条数 limit 应为 1 至 "+strconv.Itoa(maxLimit)+" 之间的整数")
		}
		p.Limit = n
	}
	if s := r.query("cursor"); s != "" {
		pos, err := decodePosition(on, s)
		if err != nil {
			c.Add("cursor", badCursor)
		}
		p.After, p.AfterSort = pos.Key, pos.Sort
	}
	return p, c.Err()
}

// fetchPage returns up to p.Limit items following the cursor and the cursor
// of the next page, "" when there is none. fetch returns up to n items after
// the key after (0: from the start), in list order; key gives an item's key.
func fetchPage[T any](p page, key func(T) int64, fetch func(after int64, n int) ([]T, error)) ([]T, string, error) {
	return fetchSorted(p, func(it T) listPos { return listPos{Key: key(it)} },
		func(after listPos, n int) ([]T, error) { return fetch(after.Key, n) })
}

// fetchSorted is fetchPage for lists ordered by a position of sort text and
// key: fetch returns up to n items after the position after (zero: from the
// start), in list order; pos gives an item's position.
//
// It asks for one item more than the page to learn whether another page
// follows; a full page of maxFetch items is confirmed by asking for one.
func fetchSorted[T any](p page, pos func(T) listPos, fetch func(after listPos, n int) ([]T, error)) ([]T, string, error) {
	n := min(p.Limit+1, maxFetch)
	items, err := fetch(listPos{Sort: p.AfterSort, Key: p.After}, n)
	if err != nil {
		return nil, "", err
	}
	if len(items) > p.Limit {
		items = items[:p.Limit]
		return items, encodePosition(p.On, pos(items[len(items)-1])), nil
	}
	if len(items) < p.Limit || n > p.Limit {
		return items, "", nil
	}
	last := pos(items[len(items)-1])
	more, err := fetch(last, 1)
	if err != nil {
		return nil, "", err
	}
	if len(more) == 0 {
		return items, "", nil
	}
	return items, encodePosition(p.On, last), nil
}
