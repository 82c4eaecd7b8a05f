// Command xieshang runs the Xieshang service and its administrative tasks.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"xieshang/internal/account"
	"xieshang/internal/authz"
	"xieshang/internal/crypt"
	"xieshang/internal/demo"
	"xieshang/internal/errs"
	"xieshang/internal/notify"
	"xieshang/internal/server"
	"xieshang/internal/sqldb"
)

const usage = `xieshang — 政协履职平台

用法:
  xieshang serve [--addr 127.0.0.1:8080] [--db DSN] [--demo]
  xieshang migrate [--db DSN]
  xieshang init --committee 名称 [--db DSN]        新建本级政协及三员账号
  xieshang user add --username U --name 姓名 [--mobile M] [--role r1,r2] [--committee 名称] [--db DSN]
  xieshang user passwd USERNAME [--db DSN]          重置密码(打印一次性密码)
  xieshang user unlock USERNAME [--db DSN]
  xieshang roster import FILE.xlsx [--committee 名称] [--dry-run]   导入委员名册(全部成功或全部不写入)
  xieshang proposals generate [--committees 30] [--proposals 200000] [--seed N] [--db DSN]   生成压测用提案数据
  xieshang audit verify [--db DSN]
  xieshang backup FILE [--db DSN]
  xieshang version

DSN: sqlite:PATH(默认 sqlite:./data/xieshang.db)或 postgres://…;也可用环境变量 XIESHANG_DB。
`

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "错误:", errText(err))
		os.Exit(1)
	}
}

func errText(err error) string {
	var e *errs.Error
	if errors.As(err, &e) {
		s := e.Message
		for _, f := range e.Fields {
			if f.Message != e.Message {
				s += ";" + f.Field + ":" + f.Message
			}
		}
		return s
	}
	return err.Error()
}

// version returns the module version and VCS revision, if known.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 7 {
			v += " " + s.Value[:7]
		}
	}
	return strings.TrimSpace(v)
}

func env(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("缺少子命令")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout, stderr)
	case "migrate":
		fs, dsn := flags("migrate")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		db, err := sqldb.Open(ctx, *dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		applied, err := db.Migrate(ctx)
		for _, a := range applied {
			fmt.Fprintln(stdout, "已应用迁移", a)
		}
		if err == nil && len(applied) == 0 {
			fmt.Fprintln(stdout, "数据库结构已是最新")
		}
		return err
	case "init":
		return initCmd(ctx, rest, stdout)
	case "user":
		return userCmd(ctx, rest, stdout)
	case "audit":
		if len(rest) == 0 || rest[0] != "verify" {
			return errors.New("用法:xieshang audit verify [--db DSN]")
		}
		return auditVerify(ctx, rest[1:], stdout)
	case "backup":
		return backup(ctx, rest, stdout)
	case "roster":
		return rosterCmd(ctx, rest, stdout, stderr)
	case "proposals":
		return proposalsCmd(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "xieshang", version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("未知的子命令 %q", cmd)
}

// parseArgs parses fs's flags wherever they stand among args and returns
// the positional arguments, so "user passwd NAME --db X" and
// "user passwd --db X NAME" both work.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) > 0 {
			pos, args = append(pos, args[0]), args[1:]
		}
	}
	return pos, nil
}

// oneArg is parseArgs for commands that take at most one positional
// argument (a file); it returns "" when there is none.
func oneArg(fs *flag.FlagSet, args []string) (string, error) {
	pos, err := parseArgs(fs, args)
	if err != nil || len(pos) == 0 {
		return "", err
	}
	if len(pos) > 1 {
		return "", fmt.Errorf("多余的参数:%s", strings.Join(pos[1:], " "))
	}
	return pos[0], nil
}

func flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	dsn := fs.String("db", env("XIESHANG_DB", sqldb.DefaultDSN), "数据库 DSN")
	return fs, dsn
}

// openDB opens and migrates the database and sets up the cipher for
// sensitive fields.
func openDB(ctx context.Context, dsn string) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("迁移数据库失败: %w", err)
	}
	c, err := loadCipher(dsn)
	if err != nil {
		db.Close()
		return nil, err
	}
	db.Cipher = c
	return db, nil
}

// loadCipher reads the master key from XIESHANG_KEY or XIESHANG_KEY_FILE.
// Without either, a SQLite database gets a key file beside it (created on
// first use, mode 0600) so that a single-machine install and the demo work
// out of the box; PostgreSQL installs must configure the key explicitly.
func loadCipher(dsn string) (*crypt.Cipher, error) {
	c, err := crypt.FromEnv(os.Getenv)
	if !errors.Is(err, crypt.ErrNoKey) {
		return c, err
	}
	if !strings.HasPrefix(dsn, "sqlite:") {
		return nil, errors.New("请用环境变量 XIESHANG_KEY_FILE(或 XIESHANG_KEY)配置敏感字段加密密钥")
	}
	path := strings.TrimSuffix(strings.TrimPrefix(dsn, "sqlite:"), filepath.Ext(dsn)) + ".key"
	key, err := crypt.ReadKeyFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		key, err = crypt.GenerateKeyFile(path)
	}
	if err != nil {
		return nil, err
	}
	alg, err := crypt.Algorithm(os.Getenv)
	if err != nil {
		return nil, err
	}
	return crypt.New(alg, key)
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dsn := flags("serve")
	addr := fs.String("addr", env("XIESHANG_ADDR", "127.0.0.1:8080"), "监听地址")
	demoMode := fs.Bool("demo", false, "使用 ./data/demo.db 并填充演示数据")
	idle := fs.Duration("idle-timeout", durationEnv("XIESHANG_IDLE_TIMEOUT", 30*time.Minute), "无操作自动退出时间")
	secure := fs.Bool("secure-cookies", env("XIESHANG_SECURE_COOKIES", "") == "1", "Cookie 仅经 HTTPS 发送(生产环境应开启)")
	logLevel := fs.String("log-level", env("XIESHANG_LOG_LEVEL", "info"), "日志级别 debug|info|warn|error")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *demoMode && !flagSet(fs, "db") && os.Getenv("XIESHANG_DB") == "" {
		*dsn = "sqlite:./data/demo.db"
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		return fmt.Errorf("--log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	smtp, mailOn, err := notify.SMTPConfigFromEnv(os.Getenv)
	if err != nil {
		return err
	}
	var mailer notify.Mailer // a nil interface when e-mail is not configured
	if mailOn {
		if mailer, err = notify.NewSMTP(smtp); err != nil {
			return err
		}
	}
	if os.Getenv("GOGC") == "" {
		// Pages allocate a few tens of kilobytes each; collecting at 200%
		// growth instead of 100% halves the collector's share of a busy
		// server's CPU for some tens of megabytes of memory.
		debug.SetGCPercent(200)
	}
	app, err := server.New(db, server.Config{IdleTimeout: *idle, SecureCookies: *secure, Version: version(),
		Worker: !*demoMode, Mailer: mailer, BaseURL: os.Getenv("XIESHANG_BASE_URL")}, log)
	if err != nil {
		return err
	}
	defer app.Close()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	if *demoMode {
		accs, err := demo.Seed(ctx, db, app.Accounts)
		if err != nil {
			return err
		}
		printDemo(stdout, url, accs)
		if err := app.StartWorker(); err != nil {
			return err
		}
	}
	if a := os.Getenv("XIESHANG_PPROF"); a != "" {
		// Profiles for operators, on a separate listener (e.g. 127.0.0.1:6060).
		mux := http.NewServeMux()
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
		mux.HandleFunc("/debug/writer", func(w http.ResponseWriter, r *http.Request) {
			st := db.WriterStats()
			fmt.Fprintf(w, "txs %d\ncommits %d\nbusy_ns %d\nin_callers_ns %d\ncommit_ns %d\n",
				st.Txs, st.Commits, st.Busy.Nanoseconds(), st.InCallers.Nanoseconds(), st.Commit.Nanoseconds())
		})
		go func() { log.Warn("pprof listener ended", "err", http.ListenAndServe(a, mux)) }()
	}
	srv := &http.Server{Handler: app.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("listening", "url", url, "db", redactDSN(*dsn))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func durationEnv(key string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(os.Getenv(key)); err == nil && d > 0 {
		return d
	}
	return def
}

// redactDSN hides a password in a postgres DSN for logs.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn[i+3:], "@"); at >= 0 {
			cred := dsn[i+3 : i+3+at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return dsn[:i+3] + cred[:c] + ":***" + dsn[i+3+at:]
			}
		}
	}
	return dsn
}

func printDemo(w io.Writer, url string, accs []demo.Account) {
	fmt.Fprintf(w, "\n协商 演示环境已启动:%s\n演示单位:%s(虚构)\n\n", url, demo.CityName)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "角色\t用户名\t姓名\t一次性密码")
	for _, a := range accs {
		pw := a.Password
		if pw == "" {
			pw = "(已由本人修改)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", a.Role.Name(), a.Username, a.Name, pw)
	}
	tw.Flush()
	fmt.Fprintln(w, "\n首次登录须修改密码;工作人员与管理员角色须绑定身份验证器(TOTP)。密码仅本次显示,重启演示会为未登录过的账号重新生成。")
}

func initCmd(ctx context.Context, args []string, stdout io.Writer) error {
	fs, dsn := flags("init")
	name := fs.String("committee", "", "本级政协名称,如 某某市政协")
	level := fs.String("level", "city", "级别 city|district")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return errors.New("请用 --committee 指定本级政协名称")
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	c := sqldb.Committee{Name: strings.TrimSpace(*name), Level: *level}
	if err := db.InTx(ctx, func(tx *sqldb.Tx) error { return tx.InsertCommittee(ctx, &c) }); err != nil {
		if errs.Is(err, errs.Conflict) {
			return fmt.Errorf("政协 %q 已存在", c.Name)
		}
		return err
	}
	svc := account.NewService(sqldb.Accounts(db), account.Config{})
	fmt.Fprintf(stdout, "已创建 %s。三员账号(首次登录须修改密码并绑定身份验证器):\n", c.Name)
	for _, a := range []struct {
		u, n string
		r    authz.Role
	}{{"sysadmin", "系统管理员", authz.SysAdmin}, {"secadmin", "安全管理员", authz.SecAdmin}, {"auditadmin", "审计管理员", authz.AuditAdmin}} {
		_, pw, err := svc.CreateUser(ctx, authz.SystemActor(c.ID), account.NewUser{CommitteeID: c.ID, Username: a.u, Name: a.n, Roles: []authz.Role{a.r}})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "  %s\t%s\t%s\n", a.r.Name(), a.u, pw)
	}
	return nil
}

func committeeID(ctx context.Context, db *sqldb.DB, name string) (int64, error) {
	var id int64
	err := db.View(ctx, func(tx *sqldb.Tx) error {
		if name != "" {
			c, err := tx.CommitteeByName(ctx, name)
			if errs.Is(err, errs.NotFound) {
				return fmt.Errorf("政协 %q 不存在", name)
			}
			id = c.ID
			return err
		}
		all, err := tx.Committees(ctx)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return errors.New("尚无任何政协,请先运行 xieshang init --committee 名称")
		}
		id = all[0].ID
		return nil
	})
	return id, err
}

func userCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("用法:xieshang user add|passwd|unlock …")
	}
	sub, rest := args[0], args[1:]
	fs, dsn := flags("user " + sub)
	var username, name, mobile, roles, committee *string
	if sub == "add" {
		username = fs.String("username", "", "用户名")
		name = fs.String("name", "", "姓名")
		mobile = fs.String("mobile", "", "手机号")
		roles = fs.String("role", "", "角色,逗号分隔:"+roleList())
		committee = fs.String("committee", "", "所属政协名称(默认第一个)")
	}
	pos, err := parseArgs(fs, rest)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := account.NewService(sqldb.Accounts(db), account.Config{})
	switch sub {
	case "add":
		cid, err := committeeID(ctx, db, *committee)
		if err != nil {
			return err
		}
		var rs []authz.Role
		for _, r := range strings.Split(*roles, ",") {
			if r = strings.TrimSpace(r); r != "" {
				rs = append(rs, authz.Role(r))
			}
		}
		u, pw, err := svc.CreateUser(ctx, authz.SystemActor(cid), account.NewUser{CommitteeID: cid, Username: *username, Name: *name, Mobile: *mobile, Roles: rs})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已创建账号 %s(%s),一次性密码:%s\n", u.Username, u.Name, pw)
		return nil
	case "passwd", "unlock":
		if len(pos) != 1 {
			return fmt.Errorf("用法:xieshang user %s USERNAME", sub)
		}
		var u account.User
		if err := db.View(ctx, func(tx *sqldb.Tx) error { var e error; u, e = tx.UserByLogin(ctx, pos[0]); return e }); err != nil {
			return fmt.Errorf("账号 %q 不存在", pos[0])
		}
		op := authz.SystemActor(u.CommitteeID)
		if sub == "unlock" {
			if err := svc.Unlock(ctx, op, u.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已解除 %s 的锁定\n", u.Username)
			return nil
		}
		pw, err := svc.ResetPassword(ctx, op, u.ID)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码,一次性密码:%s(登录后须修改)\n", u.Username, pw)
		return nil
	}
	return fmt.Errorf("未知的 user 子命令 %q", sub)
}

func roleList() string {
	s := make([]string, len(authz.Roles))
	for i, r := range authz.Roles {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func auditVerify(ctx context.Context, args []string, stdout io.Writer) error {
	fs, dsn := flags("audit verify")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	v, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if len(v.Problems) == 0 {
		fmt.Fprintf(stdout, "审计日志完整:共 %d 条,哈希链校验通过\n", v.Count)
		return nil
	}
	fmt.Fprintf(stdout, "审计日志校验失败:共 %d 条,发现 %d 处问题\n", v.Count, len(v.Problems))
	for _, p := range v.Problems {
		fmt.Fprintln(stdout, "  "+p.String())
	}
	return errors.New("审计日志已被篡改")
}

func backup(ctx context.Context, args []string, stdout io.Writer) error {
	fs, dsn := flags("backup")
	file, err := oneArg(fs, args)
	if err != nil {
		return err
	}
	if file == "" {
		return errors.New("用法:xieshang backup FILE [--db DSN]")
	}
	db, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已备份到 %s\n", file)
	return nil
}
