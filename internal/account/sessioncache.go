package account

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"xieshang/internal/errs"
)

// Sessions and their users, as last read, by session hash. An entry is
// used only while its committee's Auth counter has not moved since it was
// read (storage moves it in the same transaction as any change to the
// committee's accounts, roles or sessions, whoever makes it), so a request
// of a known session costs one lookup by key instead of reading the
// session, the user and the roles. Whatever the cached copy cannot decide
// alone — a last-seen time to refresh, an expiry, a lock — goes the full
// way.

// maxCachedSessions bounds the cache; beyond it an arbitrary entry goes.
const maxCachedSessions = 8192

type sessionCache struct {
	mu sync.Mutex
	m  map[string]cachedSession
	// hits and misses count Authenticate calls answered from the cache
	// and the full way (for tests and profiles).
	hits, misses atomic.Int64
}

type cachedSession struct {
	sess Session
	user User
}

func (c *sessionCache) get(hash string) (cachedSession, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	return e, ok
}

func (c *sessionCache) put(sess Session, u User) {
	u.Roles = slices.Clone(u.Roles)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]cachedSession{}
	}
	if _, ok := c.m[sess.Hash]; !ok && len(c.m) >= maxCachedSessions {
		for k := range c.m {
			delete(c.m, k)
			break
		}
	}
	c.m[sess.Hash] = cachedSession{sess: sess, user: u}
}

func (c *sessionCache) drop(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, hash)
}

// SessionCacheStats returns how many Authenticate calls the session cache
// answered and how many went the full way.
func (s *Service) SessionCacheStats() (hits, misses int64) {
	return s.sessions.hits.Load(), s.sessions.misses.Load()
}

// cachedSession answers Authenticate from the cache when the entry of hash
// is still current and decides alone: its committee's Auth counter has not
// moved, and neither expiry, a last-seen refresh nor a lock is due. ok is
// false when the full way must decide.
func (s *Service) cachedSession(ctx context.Context, hash string) (Session, User, bool, error) {
	e, ok := s.sessions.get(hash)
	if !ok {
		return Session{}, User{}, false, nil
	}
	var v CommitteeVersions
	var now time.Time
	err := s.store.Peek(ctx, func(tx Tx) error {
		var err error
		v, err = tx.CommitteeVersions(ctx, e.user.CommitteeID)
		now = tx.Now()
		return err
	})
	if errs.Is(err, errs.NotFound) { // no such committee: the full way says what that means
		s.sessions.drop(hash)
		return Session{}, User{}, false, nil
	}
	if err != nil {
		return Session{}, User{}, false, err
	}
	sess, u := e.sess, e.user
	if v.Auth != sess.Versions.Auth || now.Sub(sess.LastSeen) > time.Minute || now.Sub(sess.CreatedAt) > s.cfg.MaxSessionAge ||
		u.Disabled || u.Locked(now) {
		s.sessions.drop(hash)
		return Session{}, User{}, false, nil
	}
	sess.Versions = v
	u.Roles = slices.Clone(u.Roles)
	return sess, u, true, nil
}
