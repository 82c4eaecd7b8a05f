package proposal

import "sync"

// servingCache remembers, per member account, the committee's latest term
// and whether the account serves in it, under the committee's directory
// version: the counter that database triggers move in every transaction
// that changes members, memberships or terms (migration 0004), which is
// all the answer depends on. A version that has moved is a miss, so an
// entry is never stale for a caller that passes the version it has just
// read; the drafting form reads it with the session. The check stays what
// it was without the cache, a check before the step's transaction.
type servingCache struct {
	mu sync.Mutex
	m  map[servingKey]servingAnswer
}

type servingKey struct{ committee, user, directory int64 }

// servingAnswer: term 0 when the committee has no term.
type servingAnswer struct {
	term    int64
	serving bool
}

// maxServing bounds the cache; when full it starts afresh (the entries of
// an old directory version are never asked for again).
const maxServing = 8192

func (c *servingCache) get(k servingKey) (servingAnswer, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[k]
	return v, ok
}

func (c *servingCache) put(k servingKey, v servingAnswer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxServing {
		c.m = make(map[servingKey]servingAnswer)
	}
	c.m[k] = v
}
