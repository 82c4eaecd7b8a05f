package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/org"
	"xieshang/internal/proposal"
	"xieshang/internal/sqldb"
	"xieshang/internal/workday"
)

const generateUsage = `用法:xieshang proposals generate [--committees 30] [--proposals 200000] [--seed 1] [--as-of YYYY-MM-DD] [--db DSN]

为压力测试生成虚构的提案数据:--committees 个政协(第一个为“压测市政协”,其余为其下各区政协),
各有一届、一次全体会议、15 个承办单位(各一名联络员)、一名提案委员会办公室人员和若干提案人账号;
再把 --proposals 件提案按提交时间分布到这些政协,由提案的办理规则(proposal.Apply)逐步推进到
截至 --as-of(默认今天)应处的状态:多数已办结,其余处于草稿、待联名、待审查、已立案、交办、办理中
(部分已超期)、答复待审核、待评价、重新办理、不予立案、并案、转办、撤回等各个状态,带完整的办理时间线,
编号与 proposal_series 一致。相同的种子和截止日期生成相同的数据。

数据直接批量写入数据库,不写审计日志、站内通知和提醒任务;生成的账号没有可用的密码,不能登录
(压测账号请另用 xieshang user add 创建)。请对空库或专用库运行。`

// proposalsCmd runs "xieshang proposals generate …".
func proposalsCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "generate" {
		return errors.New(generateUsage)
	}
	fs, dsn := flags("proposals generate")
	committees := fs.Int("committees", 30, "政协个数")
	n := fs.Int("proposals", 200000, "提案总数")
	seed := fs.Uint64("seed", 1, "随机种子")
	asOf := fs.String("as-of", "", "数据截止日期 YYYY-MM-DD(默认今天)")
	fs.Usage = func() { fmt.Fprintln(stderr, generateUsage) }
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *committees < 1 || *committees > 999 || *n < 0 || *n > 10_000_000 {
		return errors.New("--committees 应为 1–999,--proposals 应为 0–10000000")
	}
	day := time.Now().In(proposal.China)
	if *asOf != "" {
		d, err := time.ParseInLocation(time.DateOnly, *asOf, proposal.China)
		if err != nil {
			return fmt.Errorf("--as-of: %w", err)
		}
		day = d
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	g := &generator{db: db, seed: *seed, cfg: proposal.DefaultConfig(), cal: workday.Default(), out: stdout,
		asOf: time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, proposal.China)}
	start := time.Now()
	if err := g.setup(ctx, *committees); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已建立 %d 个政协及其届次、会议、承办单位和账号(%.1f 秒)\n", *committees, time.Since(start).Seconds())
	if err := db.StartProposalsBulk(ctx); err != nil {
		return err
	}
	if err := g.proposals(ctx, *n); err != nil {
		return err
	}
	if err := db.FinishProposalsBulk(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "完成:%d 个政协,%d 件提案,%d 条办理记录,用时 %.1f 秒。第一个政协:%s\n",
		*committees, *n, g.events, time.Since(start).Seconds(), g.cs[0].name)
	return nil
}

// genCommittee is a generated committee with what its proposals need.
type genCommittee struct {
	id, termID, sessionID int64
	name, prefix          string // prefix: 市 or 区, for unit names
	termName              string
	sessionNumber         int
	opens, closes         time.Time // the 大会提案 window
	office, system        proposal.Who
	units                 []proposal.UnitChoice
	liaisons              []proposal.Who // by unit, as units
	proposers             []proposal.Who // members (the last two are collective accounts)
	plenaryNo, regularNo  int            // the last numbers given
	recent                []int          // indexes in the current batch of this committee's accepted proposals
}

type generator struct {
	db     *sqldb.DB
	seed   uint64
	cfg    proposal.Config
	cal    *workday.Calendar
	asOf   time.Time
	out    io.Writer
	cs     []*genCommittee
	events int
}

var genUnits = []string{"发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "财政局",
	"人力资源和社会保障局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局", "商务局",
	"卫生健康委员会"}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈")
	given    = []rune("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海波宁鹏飞晓东雪梅丹云峰")
)

func personName(r *rand.Rand) string {
	s := string(surnames[r.IntN(len(surnames))]) + string(given[r.IntN(len(given))])
	if r.IntN(3) > 0 {
		s += string(given[r.IntN(len(given))])
	}
	return s
}

// setup creates the committees, their term, session, units and accounts.
func (g *generator) setup(ctx context.Context, count int) error {
	r := rand.New(rand.NewPCG(g.seed, 0))
	termStart := g.asOf.AddDate(0, 0, -305)
	sessStart := g.asOf.AddDate(0, 0, -300)
	return g.db.InTx(ctx, func(tx *sqldb.Tx) error {
		now := tx.Now()
		user := func(cid int64, username, name string, roles ...authz.Role) (authz.Actor, error) {
			u := account.User{CommitteeID: cid, Username: username, Name: name, PasswordHash: "!", MustChangePassword: true,
				CreatedAt: now, UpdatedAt: now}
			if err := tx.InsertUser(ctx, &u); err != nil {
				return authz.Actor{}, fmt.Errorf("账号 %s: %w", username, err)
			}
			if err := tx.SetUserRoles(ctx, u.ID, cid, roles); err != nil {
				return authz.Actor{}, err
			}
			return authz.Actor{UserID: u.ID, Name: name, CommitteeID: cid, Roles: roles}, nil
		}
		for ci := range count {
			c := &genCommittee{name: "压测市政协", prefix: "市", termName: "第十四届", sessionNumber: 1}
			sc := sqldb.Committee{Name: c.name, Level: "city"}
			if ci > 0 {
				c.name, c.prefix, c.termName = "压测市第"+proposal.Numeral(ci)+"区政协", "区", "第九届"
				sc = sqldb.Committee{Name: c.name, Level: "district", ParentID: g.cs[0].id}
			}
			if err := tx.InsertCommittee(ctx, &sc); err != nil {
				return fmt.Errorf("政协 %s(是否已生成过?): %w", c.name, err)
			}
			c.id = sc.ID
			termNo, _ := strconv.Atoi(map[string]string{"第十四届": "14", "第九届": "9"}[c.termName])
			t := org.Term{Number: termNo, Name: c.termName, StartsOn: termStart, EndsOn: termStart.AddDate(5, 0, -1)}
			if err := tx.InsertTerm(ctx, c.id, &t); err != nil {
				return err
			}
			s := org.Session{TermID: t.ID, Number: 1, Name: c.termName + "第一次会议", StartsOn: sessStart,
				EndsOn: sessStart.AddDate(0, 0, 4)}
			if err := tx.InsertPlenarySession(ctx, &s); err != nil {
				return err
			}
			c.termID, c.sessionID = t.ID, s.ID
			c.opens, c.closes = proposal.PlenaryWindow(s.StartsOn, s.EndsOn, g.cfg)
			tag := fmt.Sprintf("g%02d", ci+1)
			a, err := user(c.id, tag+"-tiban", personName(r), authz.ProposalOffice)
			if err != nil {
				return err
			}
			c.office = proposal.Who{Actor: a}
			c.system = proposal.Who{Actor: authz.Actor{Name: "系统", CommitteeID: c.id, System: true}}
			for ui, name := range genUnits {
				u := org.Unit{Kind: org.Handling, Category: "government", Name: c.prefix + name}
				if err := tx.InsertUnit(ctx, c.id, &u); err != nil {
					return err
				}
				a, err := user(c.id, fmt.Sprintf("%s-unit%02d", tag, ui+1), personName(r), authz.UnitLiaison)
				if err != nil {
					return err
				}
				if err := tx.LinkLiaison(ctx, u.ID, a.UserID); err != nil {
					return err
				}
				c.units = append(c.units, proposal.UnitChoice{UnitID: u.ID, Name: u.Name})
				c.liaisons = append(c.liaisons, proposal.Who{Actor: a, UnitIDs: []int64{u.ID}})
			}
			for i := range 12 {
				a, err := user(c.id, fmt.Sprintf("%s-wy%02d", tag, i+1), personName(r), authz.Member)
				if err != nil {
					return err
				}
				c.proposers = append(c.proposers, proposal.Who{Actor: a})
			}
			for i, party := range []string{"民盟", "九三学社"} {
				a, err := user(c.id, fmt.Sprintf("%s-jt%02d", tag, i+1), party+strings.TrimSuffix(c.name, "政协")+"委员会", authz.Member)
				if err != nil {
					return err
				}
				c.proposers = append(c.proposers, proposal.Who{Actor: a})
			}
			g.cs = append(g.cs, c)
		}
		return nil
	})
}

// spec is a proposal to generate: its committee and when it was begun.
type spec struct {
	c       int
	created time.Time
	plenary bool
}

const genBatch = 10000

// proposals generates n proposals, spread over the committees and over
// the time since the plenary window opened, and writes them in
// transactions of genBatch, in id order (ids follow creation time, as
// they would in use).
func (g *generator) proposals(ctx context.Context, n int) error {
	var base int64
	if err := g.db.View(ctx, func(tx *sqldb.Tx) error {
		var err error
		base, err = tx.MaxProposalID(ctx)
		return err
	}); err != nil {
		return err
	}
	specs := make([]spec, 0, n)
	for ci := range g.cs {
		r := rand.New(rand.NewPCG(g.seed, uint64(ci)+1))
		count := n / len(g.cs)
		if ci < n%len(g.cs) {
			count++
		}
		for range count {
			s := spec{c: ci, plenary: r.IntN(100) < 55}
			if s.plenary { // in the month before the session opens
				s.created = g.asOf.Add(-time.Duration(306*24*3600+r.IntN(29*24*3600)) * time.Second)
			} else { // from the session's close until two days ago
				s.created = g.asOf.Add(-time.Duration(2*24*3600+r.IntN(288*24*3600)) * time.Second)
			}
			specs = append(specs, s)
		}
	}
	slices.SortStableFunc(specs, func(a, b spec) int { return a.created.Compare(b.created) })
	// One goroutine simulates the next batch while this one writes the
	// last.
	type batchOf struct {
		rows []sqldb.BulkProposal
		hi   int
		err  error
	}
	batches := make(chan batchOf, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		for lo := 0; lo < len(specs); lo += genBatch {
			hi := min(lo+genBatch, len(specs))
			b := batchOf{rows: make([]sqldb.BulkProposal, 0, hi-lo), hi: hi}
			for _, c := range g.cs {
				c.recent = c.recent[:0]
			}
			for i := lo; i < hi && b.err == nil; i++ {
				bp, err := g.simulate(specs[i], base+int64(i)+1, b.rows)
				if err != nil {
					b.err = fmt.Errorf("提案 %d: %w", base+int64(i)+1, err)
				}
				b.rows = append(b.rows, bp)
				if !bp.P.AcceptedAt.IsZero() {
					g.cs[specs[i].c].recent = append(g.cs[specs[i].c].recent, len(b.rows)-1)
				}
			}
			select {
			case batches <- b:
			case <-stop:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
	start := time.Now()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		for _, r := range b.rows {
			g.events += len(r.Events)
		}
		if err := g.db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.InsertProposalsBulk(ctx, b.rows) }); err != nil {
			return err
		}
		fmt.Fprintf(g.out, "已写入 %d/%d 件提案(%d 条办理记录),%.0f 件/秒\n", b.hi, len(specs), g.events,
			float64(b.hi)/time.Since(start).Seconds())
	}
	return g.db.InTx(ctx, func(tx *sqldb.Tx) error {
		for _, c := range g.cs {
			for _, s := range []struct {
				session int64
				last    int
			}{{c.sessionID, c.plenaryNo}, {0, c.regularNo}} {
				if s.last > 0 {
					if err := tx.SetProposalSeries(ctx, c.id, c.termID, s.session, s.last); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// sim carries one proposal through its steps, stopping at the first step
// that would happen after asOf.
type sim struct {
	g    *generator
	r    *rand.Rand
	p    proposal.Proposal
	evs  []proposal.Event
	t    time.Time
	err  error
	done bool // a step fell after asOf: nothing more happens
}

// at applies cmd for who at time t (not before the last step); false when
// t is past asOf or the step failed.
func (s *sim) at(t time.Time, who proposal.Who, cmd proposal.Command) bool {
	if s.done || s.err != nil {
		return false
	}
	if t.Before(s.t) {
		t = s.t.Add(time.Minute)
	}
	if t.After(s.g.asOf) {
		s.done = true
		return false
	}
	q, ev, err := proposal.Apply(s.p, who, cmd, t, s.g.cfg)
	if err != nil {
		s.err = fmt.Errorf("%s(%s):%w", cmd.Action().Name(), s.p.State.Name(), err)
		return false
	}
	s.p, s.t = q, t
	s.p.Version++
	s.evs = append(s.evs, ev)
	return true
}

// after applies cmd d after the last step (plus a working-hours jitter).
func (s *sim) after(d time.Duration, who proposal.Who, cmd proposal.Command) bool {
	return s.at(s.t.Add(d+time.Duration(s.r.IntN(8*3600))*time.Second), who, cmd)
}

func (s *sim) days(lo, hi int) time.Duration {
	return time.Duration(lo*24+s.r.IntN((hi-lo)*24+1)) * time.Hour
}

func (s *sim) pct(n int) bool { return s.r.IntN(1000) < n*10 }

// simulate builds proposal id from sp and takes it through its life.
func (g *generator) simulate(sp spec, id int64, batch []sqldb.BulkProposal) (sqldb.BulkProposal, error) {
	c := g.cs[sp.c]
	r := rand.New(rand.NewPCG(g.seed, uint64(id)<<8|0xa5))
	s := &sim{g: g, r: r, t: sp.created}
	np := len(c.proposers)
	pi := r.IntN(np - 2)
	kind := proposal.Individual
	switch x := r.IntN(100); {
	case x < 6:
		kind, pi = proposal.Collective, np-2+r.IntN(2)
	case x < 24:
		kind = proposal.Joint
	}
	proposer := c.proposers[pi]
	tp := &genTopics[r.IntN(len(genTopics))]
	content := tp.content(r, c.prefix)
	s.p = proposal.Proposal{ID: id, CommitteeID: c.id, Kind: kind, Timing: proposal.Regular, TermID: c.termID,
		Content: content, ProposerUserID: proposer.Actor.UserID, ProposerName: proposer.Actor.Name, State: proposal.Draft,
		Version: 1, CreatedAt: sp.created, UpdatedAt: sp.created, TermName: c.termName}
	if sp.plenary {
		s.p.Timing, s.p.SessionID, s.p.SessionNumber = proposal.Plenary, c.sessionID, c.sessionNumber
	}
	var cosigners []proposal.Who
	if kind == proposal.Joint {
		for _, k := range r.Perm(np - 2)[:1+r.IntN(3)] {
			if k != pi {
				cosigners = append(cosigners, c.proposers[k])
				s.p.CoSigners = append(s.p.CoSigners, proposal.CoSigner{UserID: c.proposers[k].Actor.UserID,
					Name: c.proposers[k].Actor.Name, Status: proposal.Invited})
			}
		}
		if len(cosigners) == 0 {
			s.p.Kind = proposal.Individual
		}
	}
	if err := proposal.ValidateDraft(&s.p, g.cfg); err != nil {
		return sqldb.BulkProposal{}, err
	}
	out := func() (sqldb.BulkProposal, error) {
		return sqldb.BulkProposal{P: s.p, Events: s.evs}, s.err
	}
	if s.pct(1) { // left as a draft
		return out()
	}
	submit := proposal.Submit{}
	if s.p.Timing == proposal.Plenary {
		submit = proposal.Submit{Opens: c.opens, Closes: c.closes}
	}
	if s.p.Kind == proposal.Joint {
		if !s.after(s.days(0, 1), proposer, proposal.Invite{}) {
			return out()
		}
		for _, w := range cosigners {
			if s.pct(3) { // one co-signer never answers: it waits
				return out()
			}
			var cmd proposal.Command = proposal.Confirm{}
			if s.pct(5) {
				cmd = proposal.Decline{Note: "本人对该问题了解不深,不参与联名。"}
			}
			if !s.after(s.days(0, 2), w, cmd) {
				return out()
			}
		}
		if !slices.ContainsFunc(s.p.CoSigners, func(x proposal.CoSigner) bool { return x.Status == proposal.Confirmed }) {
			s.after(s.days(1, 5), proposer, proposal.Withdraw{Note: "联名人均谢绝,撤回。"})
			return out()
		}
	}
	subAt := s.t.Add(s.days(0, 2))
	if s.p.Timing == proposal.Plenary && subAt.After(c.closes) { // drafted late: in at the last minute
		if subAt = c.closes.Add(-time.Minute); !subAt.After(s.t) {
			return out()
		}
	}
	if !s.at(subAt, proposer, submit) {
		return out()
	}
	if s.pct(1) {
		s.after(s.days(0, 3), proposer, proposal.Withdraw{Note: "情况已有变化,申请撤回。"})
		return out()
	}
	// Review (one step, the default).
	review := s.days(3, 20)
	switch x := r.IntN(1000); {
	case x < 30:
		s.after(review, c.office, proposal.Reject{Ground: proposal.Grounds[r.IntN(len(proposal.Grounds))],
			Note: "经审查,不符合提案立案条件,建议通过其他渠道反映。"})
		return out()
	case x < 55:
		s.after(review, c.office, proposal.Transfer{Target: proposal.TransferTargets[r.IntN(3)], Consented: true,
			Note: "经与提案人沟通并征得同意。"})
		return out()
	case x < 80:
		if main := g.mergeTarget(c, batch, s.t.Add(review)); main != nil {
			if s.after(review, c.office, proposal.Merge{Into: main.P.ID, Note: "与同类提案内容相近,予以并案。"}) {
				main.P = proposal.MergeProposers(main.P, s.p, s.t)
				main.P.Version++
			}
			return out()
		}
	}
	if s.p.Timing == proposal.Plenary {
		c.plenaryNo++
		if !s.after(review, c.office, proposal.Accept{Number: c.plenaryNo}) {
			c.plenaryNo--
			return out()
		}
	} else {
		c.regularNo++
		if !s.after(review, c.office, proposal.Accept{Number: c.regularNo}) {
			c.regularNo--
			return out()
		}
	}
	if s.pct(2) {
		s.after(s.days(1, 5), c.office, proposal.MarkKey{Key: true, Info: proposal.KeyInfo{Decision: s.t.In(proposal.China).Format("2006") + "年第3次主席会议",
			LeadLeader: "分管副市长", Supervisor: "政协副主席"}})
	}
	// Assignment: the topic's unit leads; others share or help.
	lead := tp.unit % len(c.units)
	others := r.Perm(len(c.units))
	others = slices.DeleteFunc(others, func(k int) bool { return k == lead })
	a := proposal.Assign{Mode: proposal.SingleMode, Units: []proposal.UnitChoice{c.units[lead]}}
	switch x := r.IntN(100); {
	case x < 12:
		a.Mode = proposal.SplitMode
		for _, k := range others[:1+r.IntN(2)] {
			a.Units = append(a.Units, c.units[k])
		}
	case x < 32:
		a.Mode = proposal.JointMode
		a.Units[0].Role = proposal.LeadUnit
		for _, k := range others[:1+r.IntN(2)] {
			u := c.units[k]
			u.Role = proposal.CoUnit
			a.Units = append(a.Units, u)
		}
	}
	at := s.t.Add(s.days(2, 15))
	a.Deadlines = proposal.Schedule(at, g.cfg, g.cal)
	if !s.at(at, c.office, a) {
		return out()
	}
	for _, u := range s.p.Units {
		if !s.after(s.days(0, 3), c.liaisons[unitIndex(c, u.UnitID)], proposal.SignFor{Unit: u.UnitID}) {
			return out()
		}
	}
	for _, u := range s.p.Units {
		if u.Role == proposal.CoUnit {
			if !s.after(s.days(5, 25), c.liaisons[unitIndex(c, u.UnitID)], proposal.SendViews{Unit: u.UnitID, Views: "我单位原则同意提案所提建议,将在职责范围内配合主办单位做好相关工作。"}) {
				return out()
			}
		}
	}
	for round := 1; round <= 2; round++ {
		if !s.handle(c, tp) {
			return out()
		}
		// Evaluation by every proposer.
		dissatisfied := false
		for _, id := range s.p.Proposers() {
			if id != s.p.ProposerUserID && s.pct(8) {
				continue // a co-signer who never evaluates
			}
			lv := proposal.Satisfied
			switch x := r.IntN(100); {
			case x < 5:
				lv, dissatisfied = proposal.Dissatisfied, true
			case x < 30:
				lv = proposal.BasicallySatisfied
			}
			if !s.after(s.days(3, 20), c.whoByID(id), proposal.Evaluate{Level: lv, Comment: evalComment[lv]}) {
				return out()
			}
		}
		if s.p.State == proposal.Closed {
			break
		}
		if dissatisfied && round == 1 && s.pct(60) {
			at := s.t.Add(s.days(3, 10))
			if !s.at(at, c.office, proposal.Rehandle{Deadlines: proposal.Schedule(at, g.cfg, g.cal), Note: "提案人对答复不满意,请重新办理。"}) {
				return out()
			}
			continue
		}
		// Close: at once when everyone evaluated, else after the wait.
		closeAt := s.t.Add(s.days(1, 7))
		who := c.office
		evaluated := 0
		for _, e := range s.p.Evaluations {
			if e.Round == s.p.Round {
				evaluated++
			}
		}
		if evaluated < len(s.p.Proposers()) {
			closeAt, who = s.p.ApprovedAt.AddDate(0, 0, g.cfg.AutoCloseDays).Add(time.Hour), c.system
		}
		if !s.at(closeAt, who, proposal.Close{}) {
			return out()
		}
		break
	}
	if s.p.State == proposal.Closed && s.pct(2) {
		s.after(s.days(10, 40), c.office, proposal.MarkExcellent{Excellent: true, Year: s.t.In(proposal.China).Year()})
	}
	return out()
}

// handle takes a proposal in handling through its replies and their
// review; false when time ran out first.
func (s *sim) handle(c *genCommittee, tp *genTopic) bool {
	// Most units reply within the three months; some are late (overdue
	// while asOf falls in between) and some ask for more time.
	late := s.pct(12)
	for _, u := range s.p.Units {
		if !u.Role.Replies() {
			continue
		}
		w := c.liaisons[unitIndex(c, u.UnitID)]
		if late && s.pct(35) {
			until := u.DueAt.AddDate(0, 1, 0)
			if !s.at(u.DueAt.Add(-s.days(3, 10)), w, proposal.RequestExtension{Unit: u.UnitID, Until: until, Reason: "涉及多部门协调,需延期答复。"}) ||
				!s.after(s.days(1, 3), c.office, proposal.ApproveExtension{Unit: u.UnitID, Note: "同意延期。"}) {
				return false
			}
		}
		at := s.t.Add(s.days(15, 60))
		if late {
			at = u.DueAt.Add(s.days(3, 45))
		}
		if !s.at(at, w, proposal.SendReply{Unit: u.UnitID, Reply: tp.reply(s.r, at, w.Actor.Name)}) {
			return false
		}
		if s.pct(5) {
			if !s.after(s.days(1, 6), c.office, proposal.SendBackReply{Unit: u.UnitID, Reason: "答复内容针对性不强,请补充具体措施和时间安排。"}) {
				return false
			}
			at := s.t.Add(s.days(3, 12))
			if !s.at(at, w, proposal.SendReply{Unit: u.UnitID, Reply: tp.reply(s.r, at, w.Actor.Name)}) {
				return false
			}
		}
		if !s.after(s.days(1, 7), c.office, proposal.ApproveReply{Unit: u.UnitID}) {
			return false
		}
	}
	return s.err == nil
}

func unitIndex(c *genCommittee, id int64) int {
	return slices.IndexFunc(c.units, func(u proposal.UnitChoice) bool { return u.UnitID == id })
}

func (c *genCommittee) whoByID(id int64) proposal.Who {
	i := slices.IndexFunc(c.proposers, func(w proposal.Who) bool { return w.Actor.UserID == id })
	return c.proposers[i]
}

// mergeTarget returns a proposal of the batch that proposal of c reviewed
// at t can be merged into: one of the same committee accepted before t and
// not yet replied to then.
func (g *generator) mergeTarget(c *genCommittee, batch []sqldb.BulkProposal, t time.Time) *sqldb.BulkProposal {
	for k := len(c.recent) - 1; k >= 0 && k >= len(c.recent)-20; k-- {
		m := &batch[c.recent[k]]
		if m.P.AcceptedAt.After(t) || m.P.State == proposal.Merged {
			continue
		}
		replied := slices.ContainsFunc(m.P.Replies, func(r proposal.Reply) bool { return !r.SubmittedAt.After(t) })
		if !replied && proposal.CanMergeInto(proposal.Proposal{ID: m.P.ID, CommitteeID: m.P.CommitteeID, TermID: m.P.TermID,
			State: proposal.Accepted}, proposal.Proposal{CommitteeID: c.id, TermID: c.termID}) == nil {
			return m
		}
	}
	return nil
}

var evalComment = map[proposal.Level]string{proposal.Satisfied: "", proposal.BasicallySatisfied: "希望进一步抓好落实。",
	proposal.Dissatisfied: "答复未回应提案所提的具体问题,措施不够具体。"}

// genTopic is a subject members write about, with the unit that usually
// answers (an index in genUnits).
type genTopic struct {
	category, subject string
	unit              int
}

var genTopics = []genTopic{
	{"经济", "营商环境", 0}, {"经济", "中小微企业融资", 6}, {"经济", "夜间经济", 13}, {"经济", "数字经济", 3},
	{"经济", "乡村特色产业", 12}, {"经济", "科技成果转化", 2}, {"经济", "现代物流体系", 11},
	{"政治", "基层协商民主", 5}, {"政治", "政务公开", 0}, {"政治", "法治政府建设", 4}, {"政治", "社区网格化治理", 5},
	{"文化", "非物质文化遗产保护", 1}, {"文化", "公共文化服务", 1}, {"文化", "全民阅读", 1}, {"文化", "历史街区保护利用", 10},
	{"社会", "社区居家养老服务", 5}, {"社会", "养老机构护理人员队伍建设", 7}, {"社会", "农村养老服务", 5},
	{"社会", "普惠托育服务", 14}, {"社会", "义务教育课后服务", 1}, {"社会", "高校毕业生就业", 7},
	{"社会", "基层医疗卫生服务", 14}, {"社会", "老旧小区加装电梯", 10}, {"社会", "食品安全监管", 14},
	{"社会", "困难群众救助", 5}, {"社会", "智慧养老平台建设", 5},
	{"生态文明", "河湖长制落实", 9}, {"生态文明", "垃圾分类", 10}, {"生态文明", "大气污染防治", 9}, {"生态文明", "城市绿道建设", 8},
	{"其他", "城市停车难", 11}, {"其他", "公交线网优化", 11}, {"其他", "背街小巷整治", 10},
}

var (
	titleForms = []string{"关于%s的建议", "关于进一步加强%s的建议", "关于加快推进%s的建议", "关于完善%s工作机制的建议",
		"关于破解%s难题的建议", "关于提升%s水平的建议"}
	situationForms = []string{
		"近年来,我%s在%s方面做了大量工作,取得了一定成效。但在调研中发现,仍存在统筹规划不够、投入相对不足、部门协同不畅、群众获得感不强等问题。据对%d个社区和单位的走访,约%d%%的受访群众认为相关服务“不够方便”。",
		"%s%s工作关系群众切身利益,是社会普遍关注的问题。目前存在政策落实“最后一公里”不畅、资源配置不均衡、专业人才短缺等突出问题。去年全%s相关投诉达%d件,同比上升%d%%。",
	}
	analyses = []string{
		"究其原因,一是顶层设计和统筹协调有待加强;二是资金、场地、人才等要素保障不足;三是考核评价和监督机制尚不健全,部分政策停留在文件上。",
		"问题的根源在于多头管理、责任不清,相关部门之间信息不共享,基层承担任务多而资源少,社会力量参与的渠道也不够畅通。",
	}
	suggestionForms = "一是加强统筹规划,将%s纳入年度重点工作,明确牵头部门和责任分工;二是加大财政投入,建立稳定的经费保障机制,积极引导社会资本参与;三是完善考核评价和群众监督机制,定期公开工作进展,确保各项措施落到实处。"
	letterForm      = "%s委员:\n\n您提出的《%s》收悉。我单位高度重视,主要负责同志专门作出批示,组织相关处室认真研究办理,并与您进行了沟通。现将办理情况答复如下:\n\n一、关于统筹规划。我们已将%s纳入本年度重点工作,成立工作专班,制定了实施方案。\n二、关于经费保障。今年安排专项资金,并将积极争取上级支持。\n三、关于监督考核。我们将把相关工作纳入年度考核,定期向社会公开进展情况。\n\n感谢您对我们工作的关心和支持,欢迎继续提出宝贵意见。"
)

// content writes the texts of a proposal on t.
func (t *genTopic) content(r *rand.Rand, prefix string) proposal.Content {
	c := proposal.Content{Category: t.category, Public: r.IntN(100) < 35, SuggestedUnit: prefix + genUnits[t.unit]}
	c.Title = fmt.Sprintf(titleForms[r.IntN(len(titleForms))], t.subject)
	if r.IntN(2) == 0 {
		c.Situation = fmt.Sprintf(situationForms[0], prefix, t.subject, 10+r.IntN(90), 20+r.IntN(60))
	} else {
		c.Situation = fmt.Sprintf(situationForms[1], t.subject, prefix, prefix, 50+r.IntN(900), 5+r.IntN(40))
	}
	c.Analysis = analyses[r.IntN(len(analyses))]
	c.Suggestion = fmt.Sprintf(suggestionForms, t.subject)
	return c
}

// reply writes a handling unit's reply at t.
func (t *genTopic) reply(r *rand.Rand, at time.Time, contact string) proposal.Reply {
	cls := proposal.ClassA
	switch x := r.IntN(100); {
	case x < 30:
		cls = proposal.ClassB
	case x < 40:
		cls = proposal.ClassC
	}
	return proposal.Reply{Class: cls, Contact: proposal.Contacts[r.IntN(len(proposal.Contacts))],
		ContactedOn: at.AddDate(0, 0, -r.IntN(10)), ContactPerson: contact, ContactPhone: fmt.Sprintf("0999-%07d", r.IntN(10000000)),
		Signer: "局长", Letter: fmt.Sprintf(letterForm, "尊敬的", "关于"+t.subject+"的建议", t.subject)}
}
