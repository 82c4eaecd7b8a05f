package main

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"xieshang/internal/crypt"
	"xieshang/internal/sqldb"
	"xieshang/internal/sqldb/sqldbtest"
)

func TestMain(m *testing.M) { sqldbtest.Main(m) }

func cli(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	return out.String() + errb.String(), err
}

var pwRe = regexp.MustCompile(`一次性密码:(\S+)`)

// dsns returns a fresh SQLite DSN and, when reachable, a fresh PostgreSQL
// database's DSN.
func dsns(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "x.db")}
	pg := sqldbtest.Postgres(t)
	var name string
	if err := pg.R.QueryRow("SELECT current_database()").Scan(&name); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(sqldbtest.PGAdminDSN())
	u.Path = "/" + name
	out["postgres"] = u.String()
	return out
}

func TestCommands(t *testing.T) {
	t.Setenv("XIESHANG_KEY", crypt.EncodeKey(crypt.GenerateKey()))
	for engine, dsn := range dsns(t) {
		t.Run(engine, func(t *testing.T) {
			if out, err := cli(t, "migrate", "--db", dsn); err != nil {
				t.Fatalf("migrate: %v %s", err, out)
			}
			if out, err := cli(t, "user", "add", "--db", dsn, "--username", "abc", "--name", "x"); err == nil || !strings.Contains(out+err.Error(), "init") {
				t.Errorf("user add without committee: %v %s", err, out)
			}
			out, err := cli(t, "init", "--db", dsn, "--committee", "测试市政协")
			if err != nil || strings.Count(out, "\n") < 4 {
				t.Fatalf("init: %v %s", err, out)
			}
			if _, err := cli(t, "init", "--db", dsn, "--committee", "测试市政协"); err == nil {
				t.Error("second init succeeded")
			}
			out, err = cli(t, "user", "add", "--db", dsn, "--username", "zhangsan", "--name", "张三", "--mobile", "13800000001", "--role", "member,convener")
			if err != nil || !pwRe.MatchString(out) {
				t.Fatalf("user add: %v %s", err, out)
			}
			if _, err := cli(t, "user", "add", "--db", dsn, "--username", "lisi", "--name", "李四", "--role", "sys_admin,audit_admin"); err == nil || !strings.Contains(err.Error(), "三员分立") {
				t.Errorf("two admin roles: %v", err)
			}
			if _, err := cli(t, "user", "add", "--db", dsn, "--username", "1bad", "--name", ""); err == nil || !strings.Contains(errText(err), "用户名") {
				t.Errorf("bad input: %v", err)
			}
			out, err = cli(t, "user", "passwd", "zhangsan", "--db", dsn)
			if err != nil || !pwRe.MatchString(out) {
				t.Fatalf("passwd: %v %s", err, out)
			}
			if out, err := cli(t, "user", "unlock", "--db", dsn, "zhangsan"); err != nil || !strings.Contains(out, "已解除") {
				t.Fatalf("unlock: %v %s", err, out)
			}
			if _, err := cli(t, "user", "unlock", "--db", dsn, "ghost"); err == nil {
				t.Error("unlock of unknown user succeeded")
			}
			out, err = cli(t, "audit", "verify", "--db", dsn)
			if err != nil || !strings.Contains(out, "校验通过") {
				t.Fatalf("verify: %v %s", err, out)
			}
			// Alter one entry behind the application's back.
			db, err := sqldb.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.W.Exec("UPDATE audit_log SET actor_name = 'mallory' WHERE seq = 3"); err != nil {
				t.Fatal(err)
			}
			db.Close()
			out, err = cli(t, "audit", "verify", "--db", dsn)
			if err == nil || !strings.Contains(out, "第 3 条") {
				t.Errorf("tampering not named: %v %s", err, out)
			}
			backup := filepath.Join(t.TempDir(), "b.db")
			out, err = cli(t, "backup", backup, "--db", dsn)
			if engine == "sqlite" {
				if err != nil {
					t.Fatalf("backup: %v %s", err, out)
				}
				if _, err := os.Stat(backup); err != nil {
					t.Error(err)
				}
			} else if err == nil || !strings.Contains(errText(err), "pg_dump") {
				t.Errorf("postgres backup: %v", err)
			}
		})
	}
}

func TestVersionAndUsage(t *testing.T) {
	if out, err := cli(t, "version"); err != nil || !strings.HasPrefix(out, "xieshang ") {
		t.Errorf("version: %v %q", err, out)
	}
	if _, err := cli(t, "frobnicate"); err == nil {
		t.Error("unknown command accepted")
	}
	if _, err := cli(t); err == nil {
		t.Error("no command accepted")
	}
	if _, err := cli(t, "serve", "--db", "mysql://x"); err == nil || !strings.Contains(err.Error(), "unsupported DSN") {
		t.Errorf("bad DSN: %v", err)
	}
}

func TestRedactDSN(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h/db": "postgres://u:***@h/db",
		"postgres://u@h/db":        "postgres://u@h/db",
		"sqlite:./x.db":            "sqlite:./x.db",
	} {
		if got := redactDSN(in); got != want {
			t.Errorf("redactDSN(%q) = %q", in, got)
		}
	}
}
