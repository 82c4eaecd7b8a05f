package demo

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/audit"
	"xieshang/internal/authz"
	"xieshang/internal/demodata"
	"xieshang/internal/errs"
	"xieshang/internal/member"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/workday"
)

// ProposalSeed is the seed of the demo proposals: the same seed gives the
// same proposals, steps and people, at times relative to the moment of
// seeding (so that due dates, overdue flags and reminders look current).
const ProposalSeed = 20260112

// BusyUnit is the handling unit whose liaison is the demo account
// chengban: many proposals about housing go to it.
const BusyUnit = "市住房和城乡建设局"

// proposerCount is how many city members get a login account to put
// proposals forward (the demo member weiyuan comes on top).
const proposerCount = 40

// seedProposals gives the city committee a plenary session's worth of
// proposals (about 300) in every state, unless it has proposals already.
// It drives proposal.Service with the real actors: members propose and
// co-sign, the proposal office (tiban) and the leader (lingdao) review and
// assign, the liaisons of the handling units sign for, send views and
// reply, the proposers evaluate, and the system actor closes what was
// left unevaluated. Each step runs at a time in the past: its transaction
// reads the clock of a copy of db (sharing its connection pools), so that
// db.Clock itself, read by the outbox worker meanwhile, never changes.
func seedProposals(ctx context.Context, db *sqldb.DB, cityID int64, data demodata.Data) error {
	n := 0
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		counts, err := tx.CountProposalsByState(ctx, cityID)
		for _, c := range counts {
			n += c
		}
		return err
	})
	if err != nil || n > 0 {
		return err
	}
	s := &seeder{ctx: ctx, db: db, city: cityID, now: db.Clock().UTC(), rng: rand.New(rand.NewPCG(ProposalSeed, 11)),
		units: map[string]*unitRef{}, used: map[string]int{}}
	s.past = *db
	s.past.Clock = func() time.Time { return s.clock }
	s.svc = proposal.NewService(sqldb.Proposals(&s.past))
	s.op = authz.SystemActor(cityID)
	ok, err := s.setUp(data)
	if err != nil || !ok {
		return err
	}
	s.plan()
	if err := s.liaisons(); err != nil {
		return err
	}
	return s.run()
}

// seeder carries the demo proposals from plan to database.
type seeder struct {
	ctx   context.Context
	db    *sqldb.DB
	past  sqldb.DB // db with the clock of the step being taken
	clock time.Time
	now   time.Time // when seeding started; every step happens before
	svc   *proposal.Service
	op    authz.Actor
	city  int64
	rng   *rand.Rand

	cal             *workday.Calendar
	term            org.Term
	session         org.Session
	start, end      time.Time // the session's first and last day
	opens, closes   time.Time // its 大会提案 window
	keyDay, goodDay time.Time // the chairs' meeting choosing key proposals; the choice of excellent ones
	office, leader  proposal.Who
	system          proposal.Who
	weiyuan         *person
	chengban        proposal.Who
	members         []*person
	supervisors     []string // committee leaders who supervise key proposals
	units           map[string]*unitRef
	used            map[string]int // titles used per subject
	plans           []*plan
	steps           []step
	rejected, moved int // rejections and transfers used
	officeTurn      int
	hash            string // of the demo people's unknown password
}

// person is a member with a login account.
type person struct {
	who  proposal.Who
	name string
}

// unitRef is a handling unit and its liaison.
type unitRef struct {
	id      int64
	name    string
	liaison proposal.Who
	contact string // the liaison's name and phone, for replies
	phone   string
	signer  string // who signs the unit's replies
}

// step is one action of the demo, taken at a time.
type step struct {
	at   time.Time
	seq  int
	p    *plan
	name string
	do   func() error
}

// setUp reads what the demo has (term, accounts, units), adds the plenary
// sessions, turns on two-step review and gives proposers login accounts.
// It reports false when no session is old enough to seed proposals from.
func (s *seeder) setUp(data demodata.Data) (bool, error) {
	ctx := s.ctx
	var users = map[string]account.User{}
	var units []org.Unit
	err := s.db.View(ctx, func(tx *sqldb.Tx) error {
		terms, err := tx.Terms(ctx, s.city)
		if err != nil {
			return err
		}
		if len(terms) == 0 {
			return errs.E(errs.NotFound, "演示政协没有届次")
		}
		s.term = terms[len(terms)-1]
		for _, login := range []string{"weiyuan", "tiban", "lingdao", "chengban"} {
			if users[login], err = tx.UserByLogin(ctx, login); err != nil {
				return fmt.Errorf("demo account %s: %w", login, err)
			}
		}
		if s.cal, err = tx.Calendar(ctx, s.city); err != nil {
			return err
		}
		units, err = tx.Units(ctx, s.city, org.Handling)
		return err
	})
	if err != nil {
		return false, err
	}
	if ok, err := s.sessions(); err != nil || !ok {
		return ok, err
	}
	s.clock = s.opens.AddDate(0, 0, -14)
	for _, u := range units {
		s.units[u.Name] = &unitRef{id: u.ID, name: u.Name}
	}
	for _, t := range topics {
		for _, name := range append(append([]string{t.lead}, t.co...), misrouted...) {
			if s.units[name] == nil {
				return false, fmt.Errorf("demo handling unit %s is missing", name)
			}
		}
	}
	s.office = proposal.Who{Actor: users["tiban"].Actor("")}
	s.leader = proposal.Who{Actor: users["lingdao"].Actor("")}
	s.system = proposal.Who{Actor: s.op}
	s.weiyuan = &person{who: proposal.Who{Actor: users["weiyuan"].Actor("")}, name: users["weiyuan"].Name}
	cb := users["chengban"]
	busy := s.units[BusyUnit]
	if busy == nil {
		return false, fmt.Errorf("demo unit %s is missing", BusyUnit)
	}
	s.chengban = proposal.Who{Actor: cb.Actor(""), UnitIDs: []int64{busy.id}}
	busy.liaison, busy.contact, busy.phone = s.chengban, cb.Name, "19900000000"
	err = s.past.InTx(ctx, func(tx *sqldb.Tx) error {
		cfg, err := tx.ProposalConfig(ctx, s.city)
		if err != nil {
			return err
		}
		if !cfg.TwoStepReview {
			cfg.TwoStepReview = true
			if err := tx.SetProposalConfig(ctx, s.city, cfg); err != nil {
				return err
			}
			if err := tx.Audit(ctx, s.entry("proposal.config", "committee", s.city, map[string]audit.Change{
				"two_step_review": {Old: false, New: true}})); err != nil {
				return err
			}
		}
		mine, err := tx.UnitsOfUser(ctx, cb.ID)
		if err != nil || len(mine) > 0 {
			return err
		}
		if err := tx.LinkLiaison(ctx, busy.id, cb.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, s.entry("unit.liaison_add", "unit", busy.id, map[string]audit.Change{
			"user_id": {New: cb.ID}, "username": {New: cb.Username}}))
	})
	if err != nil {
		return false, fmt.Errorf("demo proposal rules: %w", err)
	}
	return true, s.proposers(data)
}

func (s *seeder) entry(action, objType string, id int64, ch map[string]audit.Change) audit.Entry {
	return audit.Entry{ActorName: s.op.Name, Role: string(s.op.PrimaryRole()), CommitteeID: s.city, Action: action,
		ObjectType: objType, ObjectID: strconv.FormatInt(id, 10), Changes: ch, ClientAddr: s.op.Addr}
}

// sessions adds the term's yearly plenary sessions held so far (the
// second week of January, Monday to Thursday) and picks the latest one
// that lies far enough back for its proposals to have gone every way.
func (s *seeder) sessions() (bool, error) {
	orgs := org.NewService(sqldb.Org(&s.past))
	have, err := orgs.Sessions(s.ctx, s.op, s.term.ID)
	if err != nil {
		return false, err
	}
	var chosen org.Session
	for k := 1; k < 99; k++ {
		start := secondMonday(s.term.StartsOn.Year() + k - 1)
		end := start.AddDate(0, 0, 3)
		if start.After(s.now) || (!s.term.EndsOn.IsZero() && end.After(org.Day(s.term.EndsOn))) {
			break
		}
		i := slices.IndexFunc(have, func(x org.Session) bool { return x.Number == k })
		var ps org.Session
		if i >= 0 {
			ps = have[i]
		} else {
			s.clock = start.AddDate(0, -4, 0)
			if ps, err = orgs.AddSession(s.ctx, s.op, s.term.ID, k, start, end); err != nil {
				return false, fmt.Errorf("demo session %d: %w", k, err)
			}
		}
		if !ps.StartsOn.AddDate(0, 0, 240).After(s.now) {
			chosen = ps
		}
	}
	if chosen.ID == 0 {
		return false, nil
	}
	var cfg proposal.Config
	if err := s.db.View(s.ctx, func(tx *sqldb.Tx) error { var e error; cfg, e = tx.ProposalConfig(s.ctx, s.city); return e }); err != nil {
		return false, err
	}
	s.session = chosen
	s.start = time.Date(chosen.StartsOn.Year(), chosen.StartsOn.Month(), chosen.StartsOn.Day(), 9, 0, 0, 0, proposal.China)
	s.end = time.Date(chosen.EndsOn.Year(), chosen.EndsOn.Month(), chosen.EndsOn.Day(), 12, 0, 0, 0, proposal.China)
	s.opens, s.closes = proposal.PlenaryWindow(chosen.StartsOn, chosen.EndsOn, cfg)
	s.keyDay = s.workTime(s.start.AddDate(0, 0, 55))
	s.goodDay = s.workTime(s.now.AddDate(0, 0, -9))
	return true, nil
}

func secondMonday(year int) time.Time {
	d := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != time.Monday {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7)
}

// proposers gives up to proposerCount ordinary members of the city
// login accounts (reusing those an earlier, interrupted run made), and
// picks committee leaders to supervise key proposals. Members already
// linked to another account (the demo member's, the convener's) are left
// out, so that only the demo scenes involve weiyuan.
func (s *seeder) proposers(data demodata.Data) error {
	ctx := s.ctx
	var ids []string
	var pool []int
	for i, m := range data.Members {
		switch {
		case slices.Contains(m.Titles, "副主席") && len(s.supervisors) < 4:
			s.supervisors = append(s.supervisors, "市政协副主席"+m.Name)
		case len(m.Titles) == 0 && m.Mobile != "":
			pool = append(pool, i)
			ids = append(ids, m.IDNumber)
		}
	}
	if len(s.supervisors) == 0 {
		s.supervisors = []string{"市政协副主席"}
	}
	s.rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	var byID map[string]int64
	if err := s.db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		byID, err = tx.MemberIDsByIDNumber(ctx, s.city, ids)
		return err
	}); err != nil {
		return err
	}
	members := member.NewService(sqldb.Members(&s.past))
	for _, i := range pool {
		if len(s.members) == proposerCount {
			break
		}
		dm := data.Members[i]
		mid := byID[dm.IDNumber]
		if mid == 0 {
			return fmt.Errorf("demo member %s is missing", dm.Name)
		}
		var u account.User
		linked, other := false, false
		err := s.past.InTx(ctx, func(tx *sqldb.Tx) error {
			m, err := tx.MemberByID(ctx, mid)
			if err != nil {
				return err
			}
			if m.UserID != 0 {
				u, err = tx.UserByID(ctx, m.UserID)
				linked, other = true, u.Username != account.MemberUsername(mid)
				return err
			}
			u, err = tx.UserByLogin(ctx, account.MemberUsername(mid))
			if errs.Is(err, errs.NotFound) {
				u, err = s.account(ctx, tx, account.NewUser{CommitteeID: s.city, Username: account.MemberUsername(mid),
					Name: dm.Name, Mobile: dm.Mobile, Roles: []authz.Role{authz.Member}}, "member_id", mid)
			}
			return err
		})
		if err == nil && !linked {
			err = members.LinkAccount(ctx, s.op, mid, u.ID)
		}
		if err != nil {
			return fmt.Errorf("demo account of %s: %w", dm.Name, err)
		}
		if !other {
			s.members = append(s.members, &person{who: proposal.Who{Actor: u.Actor("")}, name: u.Name})
		}
	}
	if len(s.members) < 8 {
		return fmt.Errorf("demo: only %d members to propose", len(s.members))
	}
	return nil
}

// liaisons gives every handling unit a plan uses a liaison account, in
// the order of the units' ids; the busy unit has chengban.
func (s *seeder) liaisons() error {
	var need []*unitRef
	for _, u := range s.units {
		if u.liaison.Actor.UserID == 0 && s.usedUnit(u.name) {
			need = append(need, u)
		}
	}
	slices.SortFunc(need, func(a, b *unitRef) int { return cmp.Compare(a.id, b.id) })
	orgs := org.NewService(sqldb.Org(&s.past))
	for i, u := range need {
		var ls []org.Liaison
		if err := s.db.View(s.ctx, func(tx *sqldb.Tx) error { var e error; ls, e = tx.Liaisons(s.ctx, u.id); return e }); err != nil {
			return err
		}
		name := liaisonSurnames[i%len(liaisonSurnames)] + liaisonGiven[(i*7+i/len(liaisonSurnames)*3+3)%len(liaisonGiven)]
		mobile := fmt.Sprintf("1990000%04d", i+1)
		var acc account.User
		if len(ls) > 0 {
			if err := s.db.View(s.ctx, func(tx *sqldb.Tx) error { var e error; acc, e = tx.UserByID(s.ctx, ls[0].UserID); return e }); err != nil {
				return err
			}
		} else {
			_, err := orgs.AddLiaison(s.ctx, s.op, u.id, func(ctx context.Context, tx org.Tx, ou org.Unit, username string) (int64, error) {
				atx, ok := tx.(account.Tx)
				if !ok {
					return 0, errs.E(errs.Internal, "存储不支持同时创建登录账号")
				}
				var err error
				acc, err = s.account(ctx, atx, account.NewUser{CommitteeID: s.city, Username: username, Name: name,
					Mobile: mobile, Roles: []authz.Role{authz.UnitLiaison}}, "unit_id", ou.ID)
				return acc.ID, err
			})
			if err != nil {
				return fmt.Errorf("demo liaison of %s: %w", u.name, err)
			}
		}
		u.liaison = proposal.Who{Actor: acc.Actor(""), UnitIDs: []int64{u.id}}
		u.contact, u.phone = acc.Name, acc.Mobile
	}
	for _, u := range s.units {
		u.signer = liaisonSurnames[int(u.id*3)%len(liaisonSurnames)] + liaisonGiven[int(u.id*5+1)%len(liaisonGiven)]
	}
	return nil
}

// account stores the login account n of a demo member or liaison as
// account.CreateMemberAccountTx and CreateLiaisonAccountTx would (its one
// role, a one-time password to change, the audit entry naming what it
// belongs to), except for the password: every such account gets the hash
// of one random password that nobody is told (hashing one per account
// would take a second per 20 accounts), so the office resets it to log in
// as one of these people.
func (s *seeder) account(ctx context.Context, tx account.Tx, n account.NewUser, ownerKey string, ownerID int64) (account.User, error) {
	if err := n.Validate(); err != nil {
		return account.User{}, err
	}
	if s.hash == "" {
		s.hash = account.HashPassword(account.GeneratePassword())
	}
	now := tx.Now()
	u := account.User{CommitteeID: n.CommitteeID, Username: n.Username, Name: n.Name, Mobile: n.Mobile,
		PasswordHash: s.hash, MustChangePassword: true, CreatedAt: now, UpdatedAt: now}
	if err := tx.InsertUser(ctx, &u); err != nil {
		return u, err
	}
	if err := tx.SetUserRoles(ctx, u.ID, u.CommitteeID, n.Roles); err != nil {
		return u, err
	}
	u.Roles = n.Roles
	return u, tx.Audit(ctx, s.entry("user.create", "user", u.ID, map[string]audit.Change{
		"username": {New: u.Username}, "name": {New: u.Name}, "mobile": {New: u.Mobile}, "disabled": {New: false},
		"roles": {New: string(n.Roles[0])}, "password": {New: audit.Redacted}, ownerKey: {New: ownerID}}))
}

func (s *seeder) usedUnit(name string) bool {
	for _, p := range s.plans {
		if slices.Contains(p.units, name) || p.reroute == name {
			return true
		}
	}
	return false
}

// run takes every planned step in the order of time, each in its own
// transaction at its own time.
func (s *seeder) run() error {
	slices.SortStableFunc(s.steps, func(a, b step) int {
		if c := a.at.Compare(b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	for _, st := range s.steps {
		s.clock = st.at
		if err := st.do(); err != nil {
			return fmt.Errorf("demo proposal %q, %s at %s: %w", st.p.content.Title, st.name,
				st.at.In(proposal.China).Format(time.DateTime), err)
		}
	}
	return nil
}

// stage is how far a planned proposal gets.
type stage int

const (
	stDraft stage = iota
	stCosigning
	stSubmitted
	stFirstReviewed
	stDecided // accepted, rejected, merged or transferred
	stAssigned
	stHandling
	stReplied
	stEvaluating
	stClosed
)

// Kinds of extension requests.
const (
	noExtension = iota
	extApproved
	extPending
	extRefused
)

// plan is one demo proposal: who, what, and how far it goes.
type plan struct {
	timing    proposal.Timing
	proposer  *person
	cosigners []*person
	decline   bool // the last co-signer declines
	invitee   bool // the last co-signer has not answered (stop at cosigning)
	content   proposal.Content
	subject   *topic

	stop     stage
	withdraw bool
	decision string // accept (default), reject, merge, transfer
	ground   proposal.Ground
	target   proposal.TransferTarget
	note     string
	main     *plan   // merge into
	merged   []*plan // merged into this one

	mode      proposal.Mode
	units     []string // lead (or first split unit) first
	unsigned  int      // units that do not sign for it (stop at assigned)
	views     bool     // co-units send views
	ext       int
	sendBack  bool // the first reply is sent back
	revised   bool // …and the revised reply is sent
	reroute   string
	refuse    bool // a return request is refused
	levels    []proposal.Level
	rehandle  bool
	stop2     stage // how far the second round gets (stHandling, stReplied, stClosed)
	autoClose bool
	key       bool
	excellent bool

	// anchors: when the main steps happen, zero for "shortly after the last"
	create, decide, assign, reply time.Time
	acceptAt                      time.Time

	id  int64
	cur proposal.Proposal
}

// proposers returns who evaluates the proposal: the first proposer, the
// co-signers who confirmed, and the proposers of merged proposals.
func (p *plan) proposers() []*person {
	out := []*person{p.proposer}
	add := func(x *person) {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	for i, c := range p.cosigners {
		if (p.decline || p.invitee) && i == len(p.cosigners)-1 {
			continue
		}
		add(c)
	}
	for _, m := range p.merged {
		for _, x := range m.proposers() {
			add(x)
		}
	}
	return out
}

// days returns a random duration between lo and hi days.
func (s *seeder) days(lo, hi float64) time.Duration {
	return time.Duration((lo + s.rng.Float64()*(hi-lo)) * float64(24*time.Hour))
}

// ago returns a time between lo and hi days before seeding.
func (s *seeder) ago(lo, hi float64) time.Time { return s.now.Add(-s.days(lo, hi)) }

// workTime moves t forward into office hours (9:00–17:30 China time) of a
// working day of the committee's calendar, holidays and 调休 included.
func (s *seeder) workTime(t time.Time) time.Time {
	c := t.In(proposal.China)
	day, m := time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, proposal.China), c.Hour()*60+c.Minute()
	switch {
	case m < 9*60:
		m = 9*60 + c.Minute()
	case m > 17*60+30:
		day, m = day.AddDate(0, 0, 1), 9*60+c.Minute()
	}
	if !s.cal.IsWorkday(day) {
		day = s.cal.NextWorkday(day)
	}
	return day.Add(time.Duration(m)*time.Minute + time.Duration(c.Second())*time.Second).UTC()
}

// workTimeBefore moves t back into office hours of a working day.
func (s *seeder) workTimeBefore(t time.Time) time.Time {
	c := t.In(proposal.China)
	day, m := time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, proposal.China), c.Hour()*60+c.Minute()
	switch {
	case m < 9*60:
		day, m = day.AddDate(0, 0, -1), 16*60+c.Minute()
	case m > 17*60+30:
		m = 16*60 + c.Minute()
	}
	for !s.cal.IsWorkday(day) {
		day, m = day.AddDate(0, 0, -1), 16*60+c.Minute()
	}
	return day.Add(time.Duration(m)*time.Minute + time.Duration(c.Second())*time.Second).UTC()
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// topicFor returns a topic, one whose lead unit is lead if given.
func (s *seeder) topicFor(lead string) *topic {
	for {
		t := &topics[s.rng.IntN(len(topics))]
		if lead == "" || t.lead == lead {
			return t
		}
	}
}

// write fills p's content from its subject.
func (s *seeder) write(p *plan) {
	t := p.subject
	k := s.used[t.subject]
	s.used[t.subject]++
	title := ""
	if k < len(t.titles) {
		title = t.titles[k]
	} else {
		forms := []string{"关于进一步做好%s工作的建议", "关于加强%s工作的建议", "关于%s的几点建议", "关于推动%s提质增效的建议", "关于完善%s政策措施的建议"}
		title = fmt.Sprintf(forms[(k-len(t.titles))%len(forms)], t.subject)
	}
	general := []string{"近年来,市委、市政府高度重视这项工作,出台了一系列政策措施,取得了积极成效,但与群众的期盼相比仍有差距。",
		"笔者在调研中走访了多个街道和社区,与基层干部群众进行了座谈,了解到相关问题较为普遍。",
		"这一问题群众反映强烈,也是近年来12345热线和人民来信中的热点问题。"}
	p.content = proposal.Content{Title: title, Category: t.category, Situation: t.fact + general[s.rng.IntN(len(general))],
		Analysis:      fmt.Sprintf(analyses[s.rng.IntN(len(analyses))], t.subject),
		Suggestion:    "一是" + t.ideas[0] + "。二是" + t.ideas[1] + "。三是" + t.ideas[2] + "。",
		Public:        s.rng.IntN(100) < 45,
		SuggestedUnit: t.lead}
}

// member returns a random proposer other than those in not.
func (s *seeder) member(not ...*person) *person {
	for {
		m := pick(s.rng, s.members)
		if !slices.Contains(not, m) {
			return m
		}
	}
}

// newPlan adds a plan by a random member (or by, when given) about a
// random topic (or one led by lead), with cosign co-signers.
func (s *seeder) newPlan(timing proposal.Timing, stop stage, by *person, lead string, cosign int) *plan {
	p := &plan{timing: timing, stop: stop, proposer: by}
	if p.proposer == nil {
		p.proposer = s.member()
	}
	if cosign < 0 { // random: a quarter are joint
		cosign = 0
		if s.rng.IntN(4) == 0 {
			cosign = 1 + s.rng.IntN(2)
		}
	}
	for range cosign {
		p.cosigners = append(p.cosigners, s.member(append([]*person{p.proposer}, p.cosigners...)...))
	}
	p.subject = s.topicFor(lead)
	s.write(p)
	p.mode = proposal.SingleMode
	switch r := s.rng.IntN(10); {
	case r < 2 && len(p.subject.co) > 0:
		p.mode = proposal.JointMode
		p.views = true
	case r < 3 && len(p.subject.co) > 0:
		p.mode = proposal.SplitMode
	}
	p.setUnits()
	for range p.proposers() {
		l := proposal.Satisfied
		if s.rng.IntN(100) < 18 {
			l = proposal.BasicallySatisfied
		}
		p.levels = append(p.levels, l)
	}
	s.plans = append(s.plans, p)
	return p
}

func (p *plan) setUnits() {
	p.units = []string{p.subject.lead}
	if p.mode != proposal.SingleMode {
		p.units = append(p.units, p.subject.co[0])
	}
}

// misrouted are the units that first get the proposals re-routed after a
// return request.
var misrouted = []string{"市人民政府办公室", "市发展和改革委员会", "市财政局"}

// plan decides the demo proposals: about 220 plenary proposals of the
// session, most of them handled and closed, and about 80 regular ones,
// recent, in every state.
func (s *seeder) plan() {
	P, R := proposal.Plenary, proposal.Regular
	w := s.weiyuan
	lvl := func(p *plan, ls ...proposal.Level) { p.levels = ls }
	// Plenary proposals: first the main proposals others merge into.
	var mains []*plan
	for range 8 {
		mains = append(mains, s.newPlan(P, stClosed, nil, "", -1))
	}
	for i := range 120 {
		p := s.newPlan(P, stClosed, nil, "", -1)
		p.excellent = i%20 == 7
		p.key = i%30 == 11
	}
	s.newPlan(P, stClosed, w, "", 0) // weiyuan's, evaluated
	for range 10 {
		s.newPlan(P, stClosed, nil, "", -1).ext = extApproved
	}
	for range 6 {
		p := s.newPlan(P, stClosed, nil, "", -1)
		p.sendBack, p.revised = true, true
	}
	for _, wrong := range misrouted {
		p := s.newPlan(P, stClosed, nil, "", 0)
		for p.subject.lead == wrong {
			p.subject = s.topicFor("")
			s.write(p)
		}
		p.mode, p.views = proposal.SingleMode, false
		p.reroute, p.units = p.subject.lead, []string{wrong}
	}
	for range 2 {
		s.newPlan(P, stClosed, nil, "", 0).refuse = true
	}
	for range 10 {
		p := s.newPlan(P, stClosed, nil, "", -1)
		p.autoClose = true
		p.levels = p.levels[:len(p.levels)-1] // the last proposer never evaluates
	}
	for i := range 4 {
		p := s.newPlan(P, stClosed, nil, "", 0)
		p.rehandle, p.stop2 = true, stClosed
		lvl(p, proposal.Dissatisfied)
		p.key = i == 0
	}
	// Plenary proposals still open.
	for i := range 8 {
		by := (*person)(nil)
		if i == 0 {
			by = w
		}
		p := s.newPlan(P, stEvaluating, by, "", one(i == 3 || i == 4))
		p.levels = p.levels[:len(p.levels)-1]
		p.reply = s.ago(14, 24)
		if i == 0 { // weiyuan's: the reply came last week
			p.reply = s.ago(7, 9)
		}
		p.key = i == 2
	}
	for range 2 {
		p := s.newPlan(P, stClosed, nil, "", 0)
		p.rehandle, p.stop2 = true, stHandling
		lvl(p, proposal.Dissatisfied)
		p.reply = s.ago(55, 70)
	}
	p := s.newPlan(P, stClosed, nil, "", 0)
	p.rehandle, p.stop2 = true, stReplied
	lvl(p, proposal.Dissatisfied)
	p.reply = s.ago(70, 80)
	for i := range 4 {
		p := s.newPlan(P, stReplied, nil, "", -1)
		p.reply = s.ago(1, 8)
		if i < 2 {
			p.ext = extApproved
		}
	}
	for i := range 7 {
		var p *plan
		switch i {
		case 0: // weiyuan's, at chengban's unit, late
			p = s.newPlan(P, stHandling, w, BusyUnit, 0)
			p.mode = proposal.SingleMode
			p.setUnits()
		case 1:
			p = s.newPlan(P, stHandling, nil, "", -1)
			p.key = true
		case 2:
			p = s.newPlan(P, stHandling, nil, "", -1)
			p.mode, p.views = proposal.JointMode, true
			p.subject = s.topicFor("市民政局")
			s.write(p)
			p.setUnits()
		case 3:
			p = s.newPlan(P, stHandling, nil, "", -1)
			p.sendBack = true
		case 4:
			p = s.newPlan(P, stHandling, nil, "", -1)
			p.ext = extApproved
		case 5:
			p = s.newPlan(P, stHandling, nil, "", -1)
			p.ext = extRefused
		default:
			p = s.newPlan(P, stHandling, nil, BusyUnit, 0)
		}
	}
	p = s.newPlan(P, stAssigned, nil, "市卫生健康委员会", 0)
	p.mode, p.unsigned = proposal.SplitMode, 1
	p.setUnits()
	// Plenary proposals not accepted.
	for range 12 {
		m := mains[s.rng.IntN(len(mains))]
		p := s.newPlan(P, stDecided, nil, "", 0)
		p.subject = m.subject
		s.write(p)
		p.decision, p.main = "merge", m
		m.merged = append(m.merged, p)
	}
	for range 9 {
		s.notAccepted(P, "reject")
	}
	for range 8 {
		s.notAccepted(P, "transfer")
	}
	for _, st := range []stage{stDraft, stCosigning, stSubmitted, stSubmitted} {
		cosign := 0
		if st == stCosigning {
			cosign = 2
		}
		p := s.newPlan(P, st, nil, "", cosign)
		p.withdraw = true
	}

	// Regular proposals, recent.
	s.newPlan(R, stDraft, w, "", 0)
	for range 7 {
		s.newPlan(R, stDraft, nil, "", -1)
	}
	inv := s.newPlan(R, stCosigning, nil, "", 2)
	inv.cosigners[1], inv.invitee = w, true // waits for weiyuan
	inv.create = s.ago(3, 5)
	for i := range 4 {
		p := s.newPlan(R, stCosigning, nil, "", 2)
		p.invitee = i != 1
		p.decline = i == 1
	}
	s.newPlan(R, stSubmitted, w, "", 0)
	for range 6 {
		s.newPlan(R, stSubmitted, nil, "", -1)
	}
	for range 5 {
		s.newPlan(R, stFirstReviewed, nil, "", -1)
	}
	for range 6 {
		s.newPlan(R, stDecided, nil, "", -1)
	}
	for i := range 8 {
		lead := ""
		if i < 4 {
			lead = BusyUnit
		}
		p := s.newPlan(R, stAssigned, nil, lead, -1)
		p.unsigned = len(p.units)
		switch i {
		case 3: // the co-unit has not signed yet; chengban has
			p.mode, p.views = proposal.JointMode, false
			p.setUnits()
			p.unsigned = 1
		case 7:
			p.assign = s.ago(100, 110) // overdue
		}
	}
	for i := range 12 {
		lead := ""
		if i < 3 {
			lead = BusyUnit
		}
		p := s.newPlan(R, stHandling, nil, lead, -1)
		switch i {
		case 0, 1:
			p.mode = proposal.SingleMode
			p.setUnits()
		case 2, 3, 4:
			p.mode, p.views = proposal.JointMode, true
			if len(p.subject.co) == 0 {
				p.subject = s.topicFor("市住房和城乡建设局")
				s.write(p)
			}
			p.setUnits()
		case 5:
			p.ext = extPending
			p.assign = s.ago(30, 50)
		case 6:
			p.ext = extApproved
			p.assign = s.ago(80, 85)
		case 7:
			p.ext = extRefused
			p.assign = s.ago(30, 50)
		case 8, 9:
			p.assign = s.ago(100, 125) // overdue
		case 10:
			p.sendBack = true
		case 11:
			p.refuse = true
		}
	}
	for range 4 {
		p := s.newPlan(R, stReplied, nil, "", -1)
		p.reply = s.ago(1, 6)
	}
	wp := s.newPlan(R, stEvaluating, nil, "", 1)
	wp.cosigners[0] = w // weiyuan co-signed and has still to evaluate
	wp.levels = wp.levels[:1]
	wp.reply = s.ago(6, 9)
	for i := range 6 {
		p := s.newPlan(R, stEvaluating, nil, "", one(i < 2))
		p.levels = p.levels[:len(p.levels)-1]
	}
	for range 6 {
		p := s.newPlan(R, stClosed, nil, "", -1)
		p.assign = s.ago(110, 140)
	}
	rm := s.newPlan(R, stDecided, nil, "", 0) // accepted, takes in one merged
	rm.decide = s.ago(6, 9)
	m := s.newPlan(R, stDecided, nil, "", 0)
	m.subject = rm.subject
	s.write(m)
	m.decision, m.main = "merge", rm
	rm.merged = append(rm.merged, m)
	for range 3 {
		s.notAccepted(R, "reject")
		s.notAccepted(R, "transfer")
	}
	for _, st := range []stage{stDraft, stSubmitted} {
		s.newPlan(R, st, nil, "", 0).withdraw = true
	}
	for _, p := range s.plans {
		s.schedule(p)
	}
	s.readNotifications()
}

// readNotifications lays out, two weeks before seeding, everyone reading
// the notifications they had, so that only the last two weeks' are new.
func (s *seeder) readNotifications() {
	c := &chain{s: s, p: &plan{content: proposal.Content{Title: "通知"}}, t: s.workTime(s.ago(14, 14))}
	users := []*proposal.Who{&s.office, &s.leader, &s.weiyuan.who, &s.chengban}
	for _, m := range s.members {
		users = append(users, &m.who)
	}
	var units []*unitRef
	for _, u := range s.units {
		units = append(units, u)
	}
	slices.SortFunc(units, func(a, b *unitRef) int { return cmp.Compare(a.id, b.id) })
	for _, u := range units {
		if u.name != BusyUnit {
			users = append(users, &u.liaison)
		}
	}
	for _, w := range users {
		c.step("read notifications", func() error {
			if w.Actor.UserID == 0 { // a unit without proposals has no liaison
				return nil
			}
			return s.past.InTx(s.ctx, func(tx *sqldb.Tx) error {
				_, err := tx.MarkAllNotificationsRead(s.ctx, w.Actor.UserID)
				return err
			})
		})
	}
}

// one returns 1 if b, else 0: a co-signer or none.
func one(b bool) int {
	if b {
		return 1
	}
	return 0
}

// notAccepted adds a proposal the office rejects or transfers.
func (s *seeder) notAccepted(timing proposal.Timing, decision string) {
	p := &plan{timing: timing, stop: stDecided, proposer: s.member(), decision: decision}
	var category, title, text string
	if decision == "reject" {
		r := rejections[s.rejected%len(rejections)]
		s.rejected++
		category, title, text, p.ground, p.note = r.category, r.title, r.text, proposal.Ground(r.ground), r.note
	} else {
		t := transfers[s.moved%len(transfers)]
		s.moved++
		category, title, text, p.target, p.note = t.category, t.title, t.text, proposal.TransferTarget(t.target), t.note
	}
	suggestion := "建议有关部门予以研究解决。"
	if p.ground == proposal.GroundNoSuggestion {
		suggestion = "以上思考供参考。"
	}
	p.content = proposal.Content{Title: title, Category: category, Situation: text, Suggestion: suggestion}
	s.plans = append(s.plans, p)
}

// chain lays out one plan's steps in time.
type chain struct {
	s *seeder
	p *plan
	t time.Time
}

// wait moves the chain on by lo to hi days, into office hours.
func (c *chain) wait(lo, hi float64) { c.t = c.office(c.t.Add(c.s.days(lo, hi))) }

// jump moves the chain to t, if t is later.
func (c *chain) jump(t time.Time) {
	if t.After(c.t) {
		c.t = c.office(t)
	}
}

// office returns t moved into office hours: forward, or backward (never
// before the chain's last step) when forward is too close to the moment
// of seeding.
func (c *chain) office(t time.Time) time.Time {
	limit := c.s.now.Add(-3 * time.Hour)
	if w := c.s.workTime(t); w.Before(limit) {
		return w
	}
	if b := c.s.workTimeBefore(t); b.After(c.t) && b.Before(limit) {
		return b
	}
	return t
}

// step adds a step a few minutes after the last one, never later than
// just before seeding began.
func (c *chain) step(name string, fn func() error) {
	c.t = c.t.Add(time.Duration(2+c.s.rng.IntN(25)) * time.Minute)
	at := c.t
	if limit := c.s.now.Add(-10 * time.Minute); !at.Before(limit) {
		at = limit
	}
	c.s.steps = append(c.s.steps, step{at: at, seq: len(c.s.steps), p: c.p, name: name, do: fn})
}

// act adds step cmd by who.
func (c *chain) act(who proposal.Who, cmd proposal.Command) {
	p, s := c.p, c.s
	c.step(string(cmd.Action()), func() error {
		out, _, err := s.svc.Do(s.ctx, who, p.id, 0, cmd)
		if err == nil {
			p.cur = out
		}
		return err
	})
}

// actUnit adds step cmd by the liaison of unit u, whose account is made
// after the plans are laid out.
func (c *chain) actUnit(u *unitRef, cmd proposal.Command) {
	p, s := c.p, c.s
	c.step(string(cmd.Action()), func() error {
		out, _, err := s.svc.Do(s.ctx, u.liaison, p.id, 0, cmd)
		if err == nil {
			p.cur = out
		}
		return err
	})
}

// reviewer returns who takes the decision after the first review: the
// office, or every third time the leader (审定).
func (s *seeder) reviewer() proposal.Who {
	s.officeTurn++
	if s.officeTurn%3 == 0 {
		return s.leader
	}
	return s.office
}

// schedule lays out the steps of p.
func (s *seeder) schedule(p *plan) {
	c := &chain{s: s, p: p}
	plenary := p.timing == proposal.Plenary
	// When it was written, submitted and decided.
	switch {
	case !p.create.IsZero():
		c.t = c.office(p.create)
	case plenary:
		c.t = c.office(s.start.Add(-s.days(10, 70)))
	case p.stop == stDraft || p.stop == stCosigning:
		c.t = c.office(s.ago(2, 20))
	case p.stop == stSubmitted:
		c.t = c.office(s.ago(14, 28))
	case p.stop == stFirstReviewed:
		c.t = c.office(s.ago(25, 45))
	case p.stop == stDecided:
		c.t = c.office(s.ago(38, 55))
	case !p.assign.IsZero():
		c.t = c.office(p.assign.Add(-s.days(30, 45)))
	case p.stop == stAssigned:
		c.t = c.office(s.ago(35, 50))
	default:
		c.t = c.office(s.ago(90, 110))
	}
	if p.stop == stEvaluating && !plenary && p.reply.IsZero() {
		p.reply = s.ago(15, 25)
	}
	if p.main != nil && !plenary { // written shortly before the main one was accepted
		c.t = c.office(p.main.acceptAt.Add(-s.days(25, 30)))
	}
	// Drafting, co-signing, submission.
	kind := proposal.Individual
	var cos []proposal.CoSigner
	for _, x := range p.cosigners {
		cos = append(cos, proposal.CoSigner{UserID: x.who.Actor.UserID, Name: x.name})
	}
	if len(cos) > 0 {
		kind = proposal.Joint
	}
	draft := proposal.Proposal{Kind: kind, Timing: p.timing, TermID: s.term.ID, Content: p.content, CoSigners: cos}
	if plenary {
		draft.SessionID = s.session.ID
	}
	c.step("create", func() error {
		out, err := s.svc.Create(s.ctx, p.proposer.who, draft)
		p.id, p.cur = out.ID, out
		return err
	})
	if p.stop == stDraft {
		if p.withdraw {
			c.wait(1, 5)
			c.act(p.proposer.who, proposal.Withdraw{Note: "内容需进一步调研,暂不提交"})
		}
		return
	}
	if len(cos) > 0 {
		c.wait(0.1, 1)
		c.act(p.proposer.who, proposal.Invite{})
		for i, x := range p.cosigners {
			c.wait(0.1, 1.5)
			switch {
			case i == len(p.cosigners)-1 && p.invitee:
			case i == len(p.cosigners)-1 && p.decline:
				c.act(x.who, proposal.Decline{Note: "对该领域情况了解不多,暂不联名"})
			default:
				c.act(x.who, proposal.Confirm{})
			}
		}
		if p.stop == stCosigning {
			if p.withdraw {
				c.wait(1, 3)
				c.act(p.proposer.who, proposal.Withdraw{Note: "拟与其他委员的同类提案合并后再提"})
			}
			return
		}
	}
	c.wait(0.5, 4)
	c.act(p.proposer.who, proposal.Submit{Opens: s.opens, Closes: s.closes})
	if p.stop == stSubmitted {
		if p.withdraw {
			c.wait(1, 4)
			c.act(p.proposer.who, proposal.Withdraw{Note: "情况已有变化,撤回本提案"})
		}
		return
	}
	// Review: 初审, then 审定.
	if plenary {
		c.jump(s.end.Add(s.days(3, 14)))
	} else {
		c.wait(2, 6)
	}
	if p.stop == stFirstReviewed {
		c.jump(s.ago(2, 6))
	}
	c.act(s.office, proposal.FirstReview{Note: firstReviewNote(p)})
	if p.stop == stFirstReviewed {
		return
	}
	c.wait(2, 8)
	if p.main != nil {
		c.jump(p.main.acceptAt.Add(s.days(0.5, 3)))
	}
	switch {
	case !p.decide.IsZero():
		c.jump(p.decide)
	case p.stop == stDecided && !plenary && p.decision == "":
		c.jump(s.ago(1, 8))
	}
	rev := s.reviewer()
	switch p.decision {
	case "reject":
		c.act(rev, proposal.Reject{Ground: p.ground, Note: p.note})
		return
	case "transfer":
		c.act(rev, proposal.Transfer{Target: p.target, Note: p.note, Consented: true})
		return
	case "merge":
		c.step(string(proposal.ActMerge), func() error {
			note := fmt.Sprintf("与第%04d号提案内容相近,并入该提案办理", p.main.cur.Number)
			if p.main.timing == proposal.Regular {
				note = fmt.Sprintf("与平时提案第%04d号内容相近,并入该提案办理", p.main.cur.Number)
			}
			out, _, err := s.svc.Do(s.ctx, rev, p.id, 0, proposal.Merge{Into: p.main.id, Note: note})
			p.cur = out
			return err
		})
		return
	}
	c.act(rev, proposal.Accept{})
	p.acceptAt = c.t
	if p.stop == stDecided {
		return
	}
	s.handle(c)
}

func firstReviewNote(p *plan) string {
	switch p.decision {
	case "reject":
		return "建议不予立案"
	case "transfer":
		return "建议转作其他形式办理"
	case "merge":
		return "与同类提案内容相近,建议并案"
	}
	return "符合立案条件,建议立案"
}

// handle lays out assignment, handling, replies and evaluation.
func (s *seeder) handle(c *chain) {
	p := c.p
	plenary := p.timing == proposal.Plenary
	switch {
	case !p.assign.IsZero():
		c.jump(p.assign)
	case plenary:
		c.wait(3, 14)
	case p.stop == stAssigned:
		c.jump(s.ago(1, 4))
	case p.stop == stHandling:
		c.jump(s.ago(15, 60))
	case p.stop == stReplied:
		c.jump(s.ago(45, 70))
	default:
		c.jump(s.ago(60, 80))
	}
	var choices []proposal.UnitChoice
	for i, name := range p.units {
		role := proposal.LeadUnit
		switch {
		case p.mode == proposal.SplitMode:
			role = proposal.SplitUnit
		case i > 0:
			role = proposal.CoUnit
		}
		choices = append(choices, proposal.UnitChoice{UnitID: s.unit(name).id, Name: name, Role: role})
	}
	c.act(s.office, proposal.Assign{Mode: p.mode, Units: choices})
	assigned := c.t
	// Signing for it, or asking to return it.
	signing := p.units
	if p.stop == stAssigned {
		signing = signing[:len(signing)-p.unsigned]
	}
	lead := p.units[0]
	for _, name := range signing {
		c.wait(0.05, 2)
		u := s.unit(name)
		switch {
		case name == lead && p.reroute != "":
			c.actUnit(u, proposal.RequestReturn{Unit: u.id, Reason: "该提案所提事项不属于我单位职责范围,建议改由" + p.reroute + "办理"})
			c.wait(0.5, 2)
			r := s.unit(p.reroute)
			c.act(s.office, proposal.ApproveReturn{Unit: u.id, Replacement: proposal.UnitChoice{UnitID: r.id, Name: r.name},
				Note: "同意退回,改由" + r.name + "办理"})
			lead = r.name
			c.wait(0.1, 1)
			c.actUnit(r, proposal.SignFor{Unit: r.id})
		case name == lead && p.refuse:
			c.actUnit(u, proposal.RequestReturn{Unit: u.id, Reason: "该事项涉及多个部门,建议由市人民政府办公室牵头办理"})
			c.wait(0.5, 2)
			c.act(s.office, proposal.RefuseReturn{Unit: u.id, Reason: "该事项主要属于你单位职责,请牵头办理,必要时商请相关部门配合"})
		default:
			c.actUnit(u, proposal.SignFor{Unit: u.id})
		}
	}
	if p.key {
		c.jump(s.keyDay)
		if !plenary {
			c.wait(1, 3)
		}
		info := proposal.KeyInfo{Decision: fmt.Sprintf("%d年第2次主席会议", s.start.Year()),
			LeadLeader: pick(s.rng, []string{"副市长孙建华", "副市长郑丽萍", "市委常委、常务副市长钱国平"}),
			Supervisor: pick(s.rng, s.supervisors)}
		c.act(s.office, proposal.MarkKey{Key: true, Info: info})
		s.followUps(&chain{s: s, p: p, t: c.t}, info)
	}
	if p.stop == stAssigned {
		return
	}
	// Co-units' views.
	if p.views {
		for _, name := range p.units[1:] {
			c.wait(3, 15)
			u := s.unit(name)
			c.actUnit(u, proposal.SendViews{Unit: u.id, Views: fmt.Sprintf(pick(s.rng, coViews), pick(s.rng, p.subject.ideas[:]))})
		}
	}
	replying := []string{lead}
	if p.mode == proposal.SplitMode {
		replying = p.units
	}
	// Extensions.
	if p.ext != noExtension {
		u := s.unit(lead)
		if plenary {
			c.jump(assigned.Add(s.days(55, 70)))
		} else {
			c.jump(s.ago(3, 6))
		}
		c.step(string(proposal.ActRequestExtension), func() error {
			i := slices.IndexFunc(p.cur.Units, func(x proposal.Unit) bool { return x.UnitID == u.id && x.State != proposal.UnitReturned })
			if i < 0 {
				return errs.E(errs.Internal, "承办单位不存在")
			}
			due, limit := p.cur.Units[i].DueAt, p.cur.Units[i].MaxDueAt
			until := due.AddDate(0, 0, 45)
			if until.After(limit) {
				until = limit
			}
			out, _, err := s.svc.Do(s.ctx, u.liaison, p.id, 0, proposal.RequestExtension{Unit: u.id, Until: until,
				Reason: "该提案涉及多部门协调和资金安排,需待年度预算调整后答复"})
			p.cur = out
			return err
		})
		switch p.ext {
		case extApproved:
			c.wait(1, 3)
			c.act(s.office, proposal.ApproveExtension{Unit: u.id, Note: "同意延期,请抓紧办理"})
		case extRefused:
			c.wait(1, 3)
			c.act(s.office, proposal.RefuseExtension{Unit: u.id, Reason: "理由不充分,请按期答复"})
		}
	}
	if p.stop == stHandling && !p.sendBack {
		return
	}
	// Replies.
	switch {
	case !p.reply.IsZero():
		c.jump(p.reply)
	case p.ext == extApproved:
		c.jump(assigned.Add(s.days(100, 140)))
	case p.stop == stHandling && !plenary: // sent back recently
		c.jump(s.ago(6, 10))
	default:
		c.jump(assigned.Add(s.days(30, 80)))
	}
	s.replies(c, replying, 1, p.sendBack, p.stop == stHandling && !p.revised)
	if p.stop <= stReplied {
		return
	}
	approved := s.approve(c, replying)
	// Evaluation.
	evaluators := p.proposers()
	if p.autoClose {
		for i, l := range p.levels {
			c.wait(1, 10)
			c.act(evaluators[i].who, proposal.Evaluate{Level: l})
		}
		c.jump(approved.Add(s.days(31, 40)))
		c.act(s.system, proposal.Close{Note: "答复审核通过满30天,提案人未全部评价,自动办结"})
		return
	}
	levels := p.levels
	if p.stop == stClosed && !p.rehandle { // everyone evaluates, merged proposers too
		for len(levels) < len(evaluators) {
			levels = append(levels, proposal.Satisfied)
		}
	}
	for i, l := range levels[:min(len(levels), len(evaluators))] {
		c.wait(1, 12)
		c.act(evaluators[i].who, proposal.Evaluate{Level: l, Comment: comment(l)})
	}
	if !p.rehandle {
		s.excellent(c)
		return
	}
	// 不满意: handled again.
	for _, x := range evaluators[len(p.levels):] {
		c.wait(1, 5)
		c.act(x.who, proposal.Evaluate{Level: proposal.BasicallySatisfied})
	}
	c.wait(2, 6)
	c.act(s.office, proposal.Rehandle{Note: "提案人对答复不满意,请承办单位与提案人当面沟通后重新办理"})
	if p.stop2 == stHandling {
		return
	}
	c.wait(20, 40)
	if p.stop2 == stReplied {
		c.jump(s.ago(1, 5))
	}
	s.replies(c, replying, 2, false, false)
	if p.stop2 == stReplied {
		return
	}
	s.approve(c, replying)
	for _, x := range evaluators {
		c.wait(2, 10)
		c.act(x.who, proposal.Evaluate{Level: pick(s.rng, []proposal.Level{proposal.Satisfied, proposal.BasicallySatisfied}),
			Comment: "承办单位重新办理态度诚恳,措施具体"})
	}
}

// followUps lays out the follow-ups of a key proposal, beside its
// handling: a supervision meeting and an inspection, and a look back once
// it is closed.
func (s *seeder) followUps(c *chain, info proposal.KeyInfo) {
	p := c.p
	record := func(who proposal.Who, kind proposal.FollowUpKind, note string) {
		c.step(string(proposal.ActFollowUp), func() error {
			y, m, d := s.clock.In(proposal.China).Date()
			out, _, err := s.svc.Do(s.ctx, who, p.id, 0, proposal.RecordFollowUp{Kind: kind,
				On: time.Date(y, m, d, 0, 0, 0, 0, proposal.China), Note: note})
			if err == nil {
				p.cur = out
			}
			return err
		})
	}
	c.wait(10, 20)
	record(s.leader, proposal.SupervisionMeeting, info.LeadLeader+"主持召开重点提案督办会,"+info.Supervisor+
		"出席,提案人和承办单位参加,承办单位汇报了办理方案和进展。")
	c.wait(15, 30)
	record(s.office, proposal.Inspection, "组织部分政协委员实地视察"+p.subject.subject+"相关工作,听取承办单位情况介绍。")
	if p.stop == stClosed {
		c.jump(s.ago(20, 30))
		record(s.office, proposal.LookBack, "开展办理情况“回头看”,答复中承诺的事项已基本落实。")
	}
}

// replies lays out the replies of the replying units of a round: a reply
// sent back is revised unless stopRevision.
func (s *seeder) replies(c *chain, units []string, round int, sendBack, stopRevision bool) {
	p := c.p
	for k, name := range units {
		u := s.unit(name)
		class := pick(s.rng, []string{"A", "A", "A", "A", "B", "B", "C"})
		if round == 2 {
			class = "A"
		}
		contact := pick(s.rng, []proposal.Contact{proposal.FaceToFace, proposal.FaceToFace, proposal.FaceToFace, proposal.Phone,
			proposal.Forum, proposal.Email})
		if k > 0 {
			c.wait(0.5, 5)
		}
		talkedAgo := s.days(2, 10)
		reply := func() proposal.Reply {
			y, m, d := s.clock.Add(-talkedAgo).In(proposal.China).Date()
			return proposal.Reply{Class: proposal.Class(class), Contact: contact, ContactedOn: time.Date(y, m, d, 0, 0, 0, 0, proposal.China),
				ContactPerson: u.contact, ContactPhone: u.phone, Signer: u.signer, Letter: letter(p, u, class, contact, round)}
		}
		c.step(string(proposal.ActReply), func() error {
			out, _, err := s.svc.Do(s.ctx, u.liaison, p.id, 0, proposal.SendReply{Unit: u.id, Reply: reply()})
			p.cur = out
			return err
		})
		if sendBack && k == 0 {
			c.wait(1, 4)
			c.act(s.office, proposal.SendBackReply{Unit: u.id, Reason: "答复未逐条回应提案所提建议,且未写明与提案人的沟通情况,请补充完善后重新答复"})
			if stopRevision {
				return
			}
			c.wait(4, 10)
			c.step(string(proposal.ActReply), func() error {
				out, _, err := s.svc.Do(s.ctx, u.liaison, p.id, 0, proposal.SendReply{Unit: u.id, Reply: reply()})
				p.cur = out
				return err
			})
		}
	}
}

// approve lays out the office's approval of each reply and returns when
// the last one was approved.
func (s *seeder) approve(c *chain, units []string) time.Time {
	for _, name := range units {
		c.wait(1, 5)
		u := s.unit(name)
		c.act(s.office, proposal.ApproveReply{Unit: u.id})
	}
	return c.t
}

// excellent marks a closed plan as an excellent proposal of the year.
func (s *seeder) excellent(c *chain) {
	if !c.p.excellent {
		return
	}
	c.jump(s.goodDay)
	c.act(s.office, proposal.MarkExcellent{Excellent: true, Year: s.start.Year()})
}

// unit returns the handling unit called name; plan only uses names of
// demodata's units.
func (s *seeder) unit(name string) *unitRef {
	u := s.units[name]
	if u == nil {
		panic("demo: no handling unit " + name)
	}
	return u
}

func comment(l proposal.Level) string {
	switch l {
	case proposal.Satisfied:
		return "承办单位高度重视,沟通充分,答复具体"
	case proposal.BasicallySatisfied:
		return "部分建议仍需持续推进落实"
	}
	return "答复内容较为笼统,所提问题未得到实质性解决"
}

// letter writes a reply letter.
func letter(p *plan, u *unitRef, class string, contact proposal.Contact, round int) string {
	t := p.subject
	var b strings.Builder
	if round == 2 {
		b.WriteString("根据提案委员会办公室重新办理的要求,我单位主要负责同志带队与提案人当面沟通,逐条研究了提案人的意见。\n")
	}
	fmt.Fprintf(&b, "收到提案后,我单位高度重视,明确分管领导和责任科室,认真研究办理,并通过%s与提案人进行了沟通。现将有关情况答复如下:\n", contact.Name())
	nums := []string{"一", "二", "三"}
	for i, idea := range t.ideas {
		fmt.Fprintf(&b, "%s、关于%s。", nums[i], idea)
		if i == 0 {
			b.WriteString(classWords[class])
		} else {
			b.WriteString("我单位将结合职责,会同有关部门加强研究,积极推进。")
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "下一步,%s将认真吸纳提案中的意见建议,持续推进%s相关工作。感谢您对我们工作的关心和支持!", u.name, t.subject)
	return b.String()
}
