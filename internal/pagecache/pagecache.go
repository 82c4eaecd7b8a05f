// Package pagecache keeps rendered fragments of pages in memory, each under
// a key and the version of the data it was rendered from. A lookup with a
// newer version misses, so callers that read the version from the database
// on every request never serve a stale fragment, on one instance or many.
package pagecache

import (
	"container/list"
	"sync"
)

// Cache is a least-recently-used set of fragments bounded by their total
// size. The zero value is not usable; use New.
type Cache struct {
	mu      sync.Mutex
	max     int // bytes
	size    int
	entries map[string]*list.Element
	order   *list.List // front: most recently used
	hits    uint64
	misses  uint64
}

type entry struct {
	key     string
	version int64
	body    []byte
}

// New returns a cache holding at most maxBytes of fragments.
func New(maxBytes int) *Cache {
	return &Cache{max: maxBytes, entries: map[string]*list.Element{}, order: list.New()}
}

// Get returns the fragment stored under key for exactly version. The
// returned slice must not be modified.
func (c *Cache) Get(key string, version int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok || el.Value.(*entry).version != version {
		c.misses++
		return nil, false
	}
	c.hits++
	c.order.MoveToFront(el)
	return el.Value.(*entry).body, true
}

// Put stores body under key for version, replacing what was there unless
// that was rendered from a newer version, and evicts the least recently
// used fragments beyond the size bound. A fragment larger than the bound is
// not kept.
func (c *Cache) Put(key string, version int64, body []byte) {
	if len(body) > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.entries[key]; ok {
		e := el.Value.(*entry)
		if e.version > version {
			return
		}
		c.size += len(body) - len(e.body)
		e.version, e.body = version, body
		c.order.MoveToFront(el)
	} else {
		c.entries[key] = c.order.PushFront(&entry{key, version, body})
		c.size += len(body)
	}
	for c.size > c.max {
		el := c.order.Back()
		e := el.Value.(*entry)
		c.order.Remove(el)
		delete(c.entries, e.key)
		c.size -= len(e.body)
	}
}

// Stats reports the number of hits and misses so far, the number of
// fragments held and their total size in bytes.
func (c *Cache) Stats() (hits, misses uint64, n, size int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.misses, len(c.entries), c.size
}
